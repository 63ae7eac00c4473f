using Survival.TestSupport;
using Survival.Core.CompetingRisks;
using Survival.Core.Regression;

namespace Survival.Core.Tests;

/// <summary>
/// Gray's test against cmprsk: <c>cuminc(time, status, group)$Tests</c> and <c>cuminc(time, status, group, strata =
/// strata)$Tests</c> (tools/reference/generate-competing-risks-reference.R). Tolerance: statistics and p-values 1e-9
/// relative. cuminc omits a cause without events; here it is present and not estimable.
/// </summary>
public class GrayTestReferenceTests
{
    public static TheoryData<string, bool> Sets() => CompetingRisksReference.GroupComparisons();

    [Theory]
    [MemberData(nameof(Sets))]
    public void Statistic_and_p_value_equal_cuminc(string file, bool stratified)
    {
        // Arrange
        var set = CompetingRisksReference.Named(file);
        var expected = set.Root.GetProperty(stratified ? "gray_stratified" : "gray");

        // Act
        var tests = GrayTest.Test(set.Table(withStrata: stratified), stratified);

        // Assert
        Assert.Equal(set.Causes.Order(Factor.LevelOrder), tests.Select(t => t.Cause));
        foreach (var test in tests)
        {
            var reference = expected.GetProperty(test.Cause);
            var statistic = Json.Double(reference.GetProperty("stat"));
            if (statistic is null)
            {
                Assert.Null(test.Test.ChiSquare);
                Assert.Equal(GrayTest.NoEventsReason, test.Test.NotEstimableReason);
                continue;
            }
            Tolerance.Equal(statistic, test.Test.ChiSquare, $"{test.Cause} stat");
            Tolerance.Equal(Json.Double(reference.GetProperty("pv")), test.Test.PValue, $"{test.Cause} pv");
            Assert.Equal((int)Json.Double(reference.GetProperty("df"))!.Value, test.Test.DegreesOfFreedom);
        }
    }
}

using Survival.Core.Counting;
using Survival.Core.External;
using Survival.Core.Inference;
using Survival.TestSupport;

namespace Survival.Core.Tests;

/// <summary>
/// The one-sample log-rank test against the closed forms computed in R (tools/reference/generate-one-sample-reference.R):
/// E = Σ Λ₀(t_i) − Λ₀(e_i), Z with V = E and V = (O + E)/2, O/E with poisson.test's exact interval and p-value.
/// Tolerance 1e-10 relative.
/// </summary>
public class OneSampleLogRankReferenceTests
{
    private const double Relative = 1e-10;

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var (set, index) in OneSampleReferenceSet.AllCases()) data.Add(set, index);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Observed_expected_ratio_interval_and_tests_equal_the_closed_forms(string name, int index)
    {
        // Arrange
        var set = OneSampleReferenceSet.Named(name);
        var expected = set.Cases[index];
        var reference = OneSampleReferenceSet.Reference(expected.GetProperty("reference"));
        var data = set.EntryTimes is { } entries
            ? SurvivalData.Create(entries.AsSpan(), set.Times.AsSpan(), set.Events.AsSpan())
            : SurvivalData.Create(set.Times.AsSpan(), set.Events.AsSpan());
        var level = new ConfidenceLevel(set.ConfLevel);

        foreach (var (variance, key) in new[] { (OneSampleVariance.Expected, "expected_variance"), (OneSampleVariance.MeanOfObservedAndExpected, "mean_variance") })
        {
            // Act
            var result = OneSampleLogRank.Test(data, reference, variance, level);

            // Assert
            var what = $"{name} case {index} ({variance})";
            Assert.Equal(expected.GetProperty("observed").GetInt32(), result.Observed);
            Assert.Equal(expected.GetProperty("beyond").GetInt32(), result.BeyondReference);
            Tolerance.Equal(expected.GetProperty("expected").GetDouble(), result.Expected, $"{what} E", Relative);
            Tolerance.Equal(Json.Double(expected.GetProperty("ratio")), result.Ratio, $"{what} O/E", Relative);
            Tolerance.Equal(Json.Double(expected.GetProperty("lower")), result.Lower, $"{what} lower", Relative);
            Tolerance.Equal(Json.Double(expected.GetProperty("upper")), result.Upper, $"{what} upper", Relative);
            Tolerance.Equal(Json.Double(expected.GetProperty("exact_p")), result.ExactPValue, $"{what} exact p", Relative);
            var test = expected.GetProperty(key);
            Tolerance.Equal(Json.Double(test.GetProperty("z")), result.Z, $"{what} z", Relative);
            Tolerance.Equal(Json.Double(test.GetProperty("p")), result.PValue, $"{what} p", Relative);
            Tolerance.Equal(Json.Double(test.GetProperty("p_fewer")), result.PValueFewer, $"{what} one-sided p", Relative);
        }
    }

    [Fact]
    public void Held_out_cohorts_are_part_of_the_table()
    {
        Assert.True(OneSampleReferenceSet.All.Count(s => s.Role == "held-out") >= 4);
    }
}

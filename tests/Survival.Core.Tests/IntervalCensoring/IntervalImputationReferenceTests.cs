using Survival.Core.Curves;
using Survival.Core.GroupTests;
using Survival.Core.IntervalCensoring;
using Survival.TestSupport;

namespace Survival.Core.Tests.IntervalCensoring;

/// <summary>
/// The midpoint and right-point sensitivity analyses against R on the same imputed data
/// (tools/reference/generate-interval-reference.R, section <c>imputed</c>): <c>quantile(survfit(...), 0.5)</c> with its
/// log interval, <c>survdiff</c> and <c>coxph(ties = "efron")</c>, 1e-8 relative.
/// </summary>
public sealed class IntervalImputationReferenceTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var set in IntervalReference.All)
            foreach (var rule in new[] { "midpoint", "right" }) data.Add(set.Name, rule);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Imputed_analyses_equal_R(string file, string rule)
    {
        // Arrange
        var reference = IntervalReference.Named(file);
        var expected = reference.Root.GetProperty("imputed").GetProperty(rule);
        var imputation = rule == "midpoint" ? ImputationRule.Midpoint : ImputationRule.RightPoint;

        // Act
        var table = IntervalImputation.ToCountingTable(reference.Table(), imputation);
        var summaries = CohortSurvival.Summarize(table, new SurvivalSummaryOptions());
        var comparison = table.GroupCount > 1 ? GroupComparison.Compare(table, new GroupComparisonOptions()) : null;

        // Assert
        foreach (var summary in summaries)
        {
            var median = expected.GetProperty("median").GetProperty(summary.Group);
            AssertClose(Json.Doubles(median, "median")[0], summary.Summary.Median.Time);
            AssertClose(Json.Doubles(median, "lower")[0], summary.Summary.Median.Lower);
            AssertClose(Json.Doubles(median, "upper")[0], summary.Summary.Median.Upper);
        }
        if (comparison is null) return;
        AssertClose(expected.GetProperty("logrank").GetProperty("chisq").GetDouble(), comparison.Tests[0].Test.ChiSquare);
        var coef = Json.Doubles(expected.GetProperty("cox"), "coef");
        var se = Json.Doubles(expected.GetProperty("cox"), "se");
        for (var t = 0; t < coef.Length; t++)
        {
            AssertClose(coef[t], comparison.Cox.Coefficients[t].Estimate.Coefficient, 1e-6);
            AssertClose(se[t], comparison.Cox.Coefficients[t].Estimate.StdError, 1e-6);
        }
    }

    private static void AssertClose(double? expected, double? actual, double relative = 1e-8)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }
        Assert.NotNull(actual);
        Assert.Equal(expected.Value, actual.Value, relative * Math.Max(1, Math.Abs(expected.Value)));
    }
}

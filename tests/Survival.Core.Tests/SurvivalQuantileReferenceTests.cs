using Survival.TestSupport;
using Survival.Core.Curves;
using Survival.Core.Inference;

namespace Survival.Core.Tests;

/// <summary>
/// Quantiles against R: <c>quantile(survfit(..., conf.type = T), c(.25, .5, .75))</c>, within 1e-9 relative;
/// a quantile or limit R reports as NA must be absent here.
/// </summary>
public class SurvivalQuantileReferenceTests
{
    [Theory]
    [MemberData(nameof(ReferenceCases.GroupsByConfidenceType), MemberType = typeof(ReferenceCases))]
    public void Quantiles_equal_quantile_survfit(string file, string group, string confType)
    {
        // Arrange
        var set = ReferenceSet.Named(file);
        var expected = set.Root.GetProperty("km").GetProperty(group).GetProperty("quantiles").GetProperty(confType);
        var probabilities = Json.Doubles(expected, "probs").Select(p => p!.Value).ToArray();
        var curve = ReferenceCases.Curve(set, group);
        var band = ConfidenceBand.Compute(curve, ReferenceCases.ConfidenceTypes[confType], new ConfidenceLevel(set.ConfLevel));

        // Act
        var quantiles = SurvivalQuantile.Estimate(curve, band, probabilities);

        // Assert
        Tolerance.Equal(Json.Doubles(expected, "quantile"), quantiles.Select(q => q.Time).ToList(), "quantile");
        Tolerance.Equal(Json.Doubles(expected, "lower"), quantiles.Select(q => q.Lower).ToList(), "lower");
        Tolerance.Equal(Json.Doubles(expected, "upper"), quantiles.Select(q => q.Upper).ToList(), "upper");
    }

    /// <summary>R: <c>quantile(survfit(Surv(time, 1 - status) ~ 1, conf.type = T), 0.5)</c>, within 1e-9 relative.</summary>
    [Theory]
    [MemberData(nameof(ReferenceCases.GroupsWithSectionByConfidenceType), "median_follow_up", MemberType = typeof(ReferenceCases))]
    public void Median_follow_up_equals_reverse_Kaplan_Meier(string file, string group, string confType)
    {
        // Arrange
        var set = ReferenceSet.Named(file);
        var expected = set.Root.GetProperty("km").GetProperty(group).GetProperty("median_follow_up").GetProperty(confType);
        // Act
        var followUp = MedianFollowUp.Estimate(set.SubsetData(group), ReferenceCases.ConfidenceTypes[confType], new ConfidenceLevel(set.ConfLevel));

        // Assert
        Tolerance.Equal(Json.Double(expected.GetProperty("quantile")), followUp.Time, "median follow-up");
        Tolerance.Equal(Json.Double(expected.GetProperty("lower")), followUp.Lower, "lower");
        Tolerance.Equal(Json.Double(expected.GetProperty("upper")), followUp.Upper, "upper");
    }
}

using Survival.TestSupport;
using Survival.Core.Curves;
using Survival.Core.Inference;

namespace Survival.Core.Tests;

/// <summary>
/// Landmarks against R's <c>summary(fit, times = ..., extend = TRUE)</c> (log intervals) and the restricted mean
/// against <c>summary(fit, rmean = tau)$table</c>, within 1e-9 relative.
/// </summary>
public class LandmarkAndRmstReferenceTests
{
    [Theory]
    [MemberData(nameof(ReferenceCases.GroupsWith), "landmarks", MemberType = typeof(ReferenceCases))]
    public void Landmarks_equal_summary_survfit(string file, string group)
    {
        // Arrange
        var set = ReferenceSet.Named(file);
        var section = set.Root.GetProperty("landmarks");
        var expected = section.GetProperty(group);
        var times = Json.Doubles(section, "times").Select(t => t!.Value);
        var curve = ReferenceCases.Curve(set, group);

        // Act
        var landmarks = times.Select(t => LandmarkSurvival.Estimate(curve, t, ConfidenceType.Log, new ConfidenceLevel(set.ConfLevel))).ToList();

        // Assert
        Tolerance.Equal(Json.Doubles(expected, "surv"), landmarks.Select(l => (double?)l.Survival).ToList(), "surv");
        Tolerance.Equal(Json.Doubles(expected, "se_surv"), landmarks.Select(l => l.StdError).ToList(), "se_surv");
        Tolerance.Equal(Json.Doubles(expected, "lower"), landmarks.Select(l => l.Lower).ToList(), "lower");
        Tolerance.Equal(Json.Doubles(expected, "upper"), landmarks.Select(l => l.Upper).ToList(), "upper");
        Tolerance.Equal(Json.Doubles(expected, "n_risk"), landmarks.Select(l => (double?)l.AtRisk).ToList(), "n_risk");
    }

    [Theory]
    [MemberData(nameof(ReferenceCases.GroupsWith), "rmst", MemberType = typeof(ReferenceCases))]
    public void Restricted_mean_equals_survfit_rmean(string file, string group)
    {
        // Arrange
        var set = ReferenceSet.Named(file);
        var section = set.Root.GetProperty("rmst");
        var expected = section.GetProperty(group);
        var curve = ReferenceCases.Curve(set, group);

        // Act
        var rmst = RestrictedMeanSurvivalTime.Estimate(curve, section.GetProperty("tau").GetDouble(), new ConfidenceLevel(set.ConfLevel));

        // Assert
        Tolerance.Equal(expected.GetProperty("rmst").GetDouble(), rmst.Estimate, "rmst");
        Tolerance.Equal(expected.GetProperty("se").GetDouble(), rmst.StdError, "se");
    }
}

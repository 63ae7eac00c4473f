using Survival.TestSupport;
using Survival.Core.Curves;
using Survival.Core.Inference;

namespace Survival.Core.Tests;

/// <summary>
/// The curve against R: <c>survfit(Surv(time, status) ~ 1, conf.type = T)</c> on each group's rows,
/// R 4.2.2 / survival 3.5-3, every value within 1e-9 relative.
/// </summary>
public class KaplanMeierReferenceTests
{
    [Theory]
    [MemberData(nameof(ReferenceCases.Groups), MemberType = typeof(ReferenceCases))]
    public void Curve_equals_survfit(string file, string group)
    {
        // Arrange
        var set = ReferenceSet.Named(file);
        var expected = set.Root.GetProperty("km").GetProperty(group);

        // Act
        var curve = ReferenceCases.Curve(set, group);

        // Assert
        Tolerance.Equal(Json.Doubles(expected, "time"), curve.Times.Select(v => (double?)v).ToList(), "time");
        Tolerance.Equal(Json.Doubles(expected, "n_risk"), curve.AtRisk.Select(v => (double?)v).ToList(), "n_risk");
        Tolerance.Equal(Json.Doubles(expected, "n_event"), curve.Events.Select(v => (double?)v).ToList(), "n_event");
        Tolerance.Equal(Json.Doubles(expected, "n_censor"), curve.Censored.Select(v => (double?)v).ToList(), "n_censor");
        Tolerance.Equal(Json.Doubles(expected, "surv"), curve.Survival.Select(v => (double?)v).ToList(), "surv");
        Tolerance.Equal(Json.Doubles(expected, "se_log_surv"),
            curve.StdErrLogSurvival.Select(v => double.IsFinite(v) ? v : (double?)null).ToList(), "se_log_surv");
        Tolerance.Equal(Json.Doubles(expected, "se_surv"),
            Enumerable.Range(0, curve.Times.Length).Select(curve.StdErrSurvival).ToList(), "se_surv");
        Tolerance.Equal(Json.Doubles(expected, "cumhaz"), curve.CumulativeHazard.Select(v => (double?)v).ToList(), "cumhaz");
        Tolerance.Equal(Json.Doubles(expected, "se_cumhaz"),
            curve.CumulativeHazardStdErr.Select(v => (double?)v).ToList(), "se_cumhaz");
    }

    [Theory]
    [MemberData(nameof(ReferenceCases.GroupsByConfidenceType), MemberType = typeof(ReferenceCases))]
    public void Confidence_band_equals_survfit(string file, string group, string confType)
    {
        // Arrange
        var set = ReferenceSet.Named(file);
        var expected = set.Root.GetProperty("km").GetProperty(group).GetProperty("ci").GetProperty(confType);
        var curve = ReferenceCases.Curve(set, group);

        // Act
        var band = ConfidenceBand.Compute(curve, ReferenceCases.ConfidenceTypes[confType], new ConfidenceLevel(set.ConfLevel));

        // Assert
        Tolerance.Equal(Json.Doubles(expected, "lower"), band.Lower, $"{confType} lower");
        Tolerance.Equal(Json.Doubles(expected, "upper"), band.Upper, $"{confType} upper");
    }
}

using Survival.Core.Inference;

namespace Survival.Core.Curves;

/// <summary>Kaplan–Meier survival at a chosen time (for example 12-month survival).</summary>
public static class LandmarkSurvival
{
    /// <summary>Reads S(t), its standard error and interval off the curve at <paramref name="time"/>.</summary>
    /// <remarks>
    /// S(t) is the curve's value at the last observed time ≤ t (1 before the first), extended at its last value beyond
    /// the last observed time, with that row's Greenwood standard error S·se(log S) and the pointwise interval of
    /// <see cref="SurvivalConfidenceInterval"/>. The number at risk counts subjects whose time is ≥ t, so it is 0 past
    /// the last time. This is R's <c>summary(fit, times = t, extend = TRUE)</c>.
    /// </remarks>
    public static LandmarkEstimate Estimate(KaplanMeierCurve curve, double time, ConfidenceType type, ConfidenceLevel level)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (type.IsSmallSample()) return Estimate(curve, ConfidenceBand.Compute(curve, type, level), time);
        return Estimate(curve, time, (s, stdErrLog, _) => SurvivalConfidenceInterval.Compute(type, s, stdErrLog, level.Z));
    }

    /// <summary>Reads S(t), its standard error and the interval of <paramref name="band"/> (the curve's own) at <paramref name="time"/>.</summary>
    /// <remarks>The interval is the band's at the row read, or its <see cref="ConfidenceBand.BeforeFirst"/> before the first row.</remarks>
    public static LandmarkEstimate Estimate(KaplanMeierCurve curve, ConfidenceBand band, double time)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(band);
        return Estimate(curve, time, (_, _, row) => row < 0 ? band.BeforeFirst : new(band.Lower[row], band.Upper[row]));
    }

    private static LandmarkEstimate Estimate(
        KaplanMeierCurve curve, double time, Func<double, double, int, ConfidenceInterval> intervalAt)
    {
        if (!InputRules.IsLandmarkTime(time))
            throw new InputRuleException("landmark_times", InputRules.LandmarkTimeRequirement);

        var row = curve.RowAtOrBefore(time);
        var (survival, stdErrLog) = row < 0 ? (1.0, 0.0) : (curve.Survival[row], curve.StdErrLogSurvival[row]);
        var interval = intervalAt(survival, stdErrLog, row);
        var atRiskRow = row >= 0 && curve.Times[row] == time ? row : row + 1;
        var atRisk = atRiskRow < curve.Times.Length ? curve.AtRisk[atRiskRow] : 0;
        return new LandmarkEstimate(
            time,
            survival,
            KaplanMeierCurve.StdErrOfSurvival(survival, stdErrLog),
            interval.Lower,
            interval.Upper,
            atRisk);
    }
}

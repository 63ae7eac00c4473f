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
        if (!InputRules.IsLandmarkTime(time))
            throw new InputRuleException("landmark_times", InputRules.LandmarkTimeRequirement);

        var row = curve.RowAtOrBefore(time);
        var (survival, stdErrLog) = row < 0 ? (1.0, 0.0) : (curve.Survival[row], curve.StdErrLogSurvival[row]);
        var interval = SurvivalConfidenceInterval.Compute(type, survival, stdErrLog, level.Z);
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

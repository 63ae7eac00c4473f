namespace Survival.Core.Curves;

/// <summary>A survival-time quantile with its confidence interval; null where not reached or not estimable.</summary>
/// <param name="Probability">p: the time by which a fraction p of subjects has had the event, where S(t) ≤ 1 − p.</param>
/// <param name="Time">The quantile, or null when the curve never falls to 1 − p.</param>
/// <param name="Lower">The lower confidence limit, from the lower confidence curve.</param>
/// <param name="Upper">The upper confidence limit, from the upper confidence curve.</param>
public sealed record QuantileEstimate(double Probability, double? Time, double? Lower, double? Upper);

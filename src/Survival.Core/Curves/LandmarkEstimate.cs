namespace Survival.Core.Curves;

/// <summary>Survival at a fixed time (a landmark), as R's <c>summary(fit, times = t, extend = TRUE)</c>.</summary>
/// <param name="Time">The landmark time.</param>
/// <param name="Survival">S(t).</param>
/// <param name="StdError">The standard error of S(t); null where not estimable (S = 0).</param>
/// <param name="Lower">Lower confidence limit; null where not estimable.</param>
/// <param name="Upper">Upper confidence limit; null where not estimable.</param>
/// <param name="AtRisk">Subjects whose time is ≥ t.</param>
public sealed record LandmarkEstimate(double Time, double Survival, double? StdError, double? Lower, double? Upper, int AtRisk);

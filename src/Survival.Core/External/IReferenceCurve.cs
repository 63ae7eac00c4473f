namespace Survival.Core.External;

/// <summary>
/// A reference survival curve a cohort is compared with: a published or historical control, given by its cumulative
/// hazard. Any survival model can serve (a fitted parametric curve by implementing this interface).
/// </summary>
public interface IReferenceCurve
{
    /// <summary>Λ₀(t), finite, non-decreasing, 0 at t = 0.</summary>
    double CumulativeHazard(double time);

    /// <summary>
    /// The last time at which the curve is given by data (a digitised or rebuilt curve); null when it is defined for every
    /// time (a parametric model). Beyond it the curve is extrapolated as its own type says.
    /// </summary>
    double? LastTime => null;

    /// <summary>S₀(t) = exp(−Λ₀(t)).</summary>
    double Survival(double time) => Math.Exp(-CumulativeHazard(time));
}

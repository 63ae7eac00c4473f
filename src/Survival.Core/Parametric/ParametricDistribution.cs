namespace Survival.Core.Parametric;

/// <summary>
/// The six distributions NICE DSU Technical Support Document 14 (Latimer 2011) asks to be fitted side by side, in the
/// parameterisations of R's <c>survreg</c> (the first four) and flexsurv (the last two).
/// </summary>
public enum ParametricDistribution
{
    /// <summary>log T = x'β + W, W standard extreme value: constant hazard exp(−x'β) (survreg's "exponential", scale 1).</summary>
    Exponential,

    /// <summary>log T = x'β + σW, W standard extreme value (survreg's "weibull"): shape 1/σ, scale exp(x'β).</summary>
    Weibull,

    /// <summary>log T = x'β + σW, W standard normal (survreg's "lognormal").</summary>
    LogNormal,

    /// <summary>log T = x'β + σW, W standard logistic (survreg's "loglogistic").</summary>
    LogLogistic,

    /// <summary>h(t) = b·exp(a t) with log b = x'β and a of either sign (flexsurv's "gompertz", shape a, rate b).</summary>
    Gompertz,

    /// <summary>Prentice's (1974) generalized gamma: log T = x'β + σW with W log-gamma of shape Q (flexsurv's "gengamma": μ, σ, Q).</summary>
    GeneralizedGamma,
}

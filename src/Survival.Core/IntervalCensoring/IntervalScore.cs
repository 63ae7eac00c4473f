namespace Survival.Core.IntervalCensoring;

/// <summary>
/// The rank scores of the interval-censored log-rank family, as Fay &amp; Shaw (2010, J Stat Softw 36(2), section 3)
/// define them from the grouped continuous model g(X) = zβ + ε and compute them in R's <c>interval</c> package.
/// </summary>
public enum IntervalScore
{
    /// <summary>
    /// Sun's (1996) generalized log-rank test, from the model in which the odds of each discrete hazard are proportional
    /// to exp(zβ); with right-censored data it is the ordinary log-rank test (interval's <c>scores = "logrank1"</c>, its default).
    /// </summary>
    SunLogRank,

    /// <summary>
    /// Finkelstein's (1986) log-rank test, the score test of the grouped proportional hazards model S(t | z) = S(t)^exp(zβ)
    /// (interval's <c>scores = "logrank2"</c>).
    /// </summary>
    FinkelsteinLogRank,

    /// <summary>
    /// The Wilcoxon-type test of Peto &amp; Peto (1972), from the proportional odds model; without censoring it is the
    /// Wilcoxon–Mann–Whitney test (Fay 1999; interval's <c>scores = "wmw"</c>).
    /// </summary>
    PetoPetoWilcoxon,
}

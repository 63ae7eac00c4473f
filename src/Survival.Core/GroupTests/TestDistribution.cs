namespace Survival.Core.GroupTests;

/// <summary>The null distribution a test's p-value is read from.</summary>
public enum TestDistribution
{
    /// <summary>The chi-square distribution of the statistic, as R's survdiff.</summary>
    Asymptotic,

    /// <summary>The exact permutation distribution given the observed ties and censorings (two groups), as coin's <c>distribution = "exact"</c>.</summary>
    Exact,

    /// <summary>The permutation distribution by random relabelling, as coin's <c>distribution = approximate(nresample = B)</c>.</summary>
    MonteCarlo,
}

namespace Survival.Core.GroupTests;

/// <summary>A test's p-value from its permutation distribution.</summary>
public sealed record PermutationTestResult
{
    /// <summary>Exact or Monte Carlo.</summary>
    public required TestDistribution Distribution { get; init; }

    /// <summary>
    /// The standardized statistic (T − E(T))/√V(T) of the first group for two groups (coin's <c>statistic()</c>), else the
    /// quadratic form (T − E)'V⁻(T − E) over the groups.
    /// </summary>
    public required double Statistic { get; init; }

    /// <summary>The two-sided p-value: the chance under relabelling of a statistic at least as extreme as the observed.</summary>
    public required double PValue { get; init; }

    /// <summary>The number of resamples (Monte Carlo); null for the exact distribution.</summary>
    public int? Resamples { get; init; }

    /// <summary>The seed of the resamples (Monte Carlo); null for the exact distribution.</summary>
    public int? Seed { get; init; }

    /// <summary>The Monte Carlo standard error of the p-value, √(p(1 − p)/B); null for the exact distribution.</summary>
    public double? MonteCarloStdError { get; init; }
}

using Survival.Core.Inference;

namespace Survival.Core.GroupTests;

/// <summary>The log-rank (O/E ratio) estimate of the hazard ratio of two groups, as GraphPad Prism reports it.</summary>
public static class LogRankHazardRatio
{
    /// <summary>The hazard ratio of group a against reference group b from the log-rank test's O and E.</summary>
    /// <remarks>
    /// With O_a, O_b the observed and E_a, E_b the expected events of the log-rank test (Peto et al. 1977;
    /// Machin, Cheung &amp; Parmar 2006, §3):
    /// <code>
    /// HR = (O_a / E_a) / (O_b / E_b)
    /// se(log HR) = √(1/E_a + 1/E_b)
    /// CI = exp(log HR ± z·se)
    /// </code>
    /// Not estimable when a group has no events (the ratio is 0 or infinite) or no expected events.
    /// With strata, O and E are summed over strata.
    /// </remarks>
    /// <param name="logRank">A log-rank test (weight 1) of two or more groups.</param>
    /// <param name="group">The group in the numerator.</param>
    /// <param name="reference">The group in the denominator.</param>
    /// <param name="level">The confidence level.</param>
    public static HazardRatioEstimate Estimate(WeightedLogRankResult logRank, int group, int reference, ConfidenceLevel level)
    {
        ArgumentNullException.ThrowIfNull(logRank);
        double observed = logRank.Observed[group], expected = logRank.Expected[group];
        double referenceObserved = logRank.Observed[reference], referenceExpected = logRank.Expected[reference];
        if (observed == 0 || referenceObserved == 0)
            return HazardRatioEstimate.NotEstimable("a group has no events, so the ratio of O/E is 0 or infinite");
        if (expected <= 0 || referenceExpected <= 0)
            return HazardRatioEstimate.NotEstimable("a group has no expected events");
        return HazardRatioEstimate.FromLog(
            Math.Log(observed / expected / (referenceObserved / referenceExpected)),
            Math.Sqrt(1 / expected + 1 / referenceExpected),
            level);
    }
}

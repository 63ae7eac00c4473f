using Survival.Core.Inference;

namespace Survival.Core.GroupTests;

/// <summary>The Mantel–Haenszel estimate of the hazard ratio of two groups, as GraphPad Prism reports it.</summary>
public static class MantelHaenszelHazardRatio
{
    /// <summary>The hazard ratio of <paramref name="group"/> against the other group from the log-rank O − E and variance.</summary>
    /// <remarks>
    /// With O_a − E_a the observed minus expected events of group a and V its hypergeometric variance
    /// Σ_j d_j (n_j − d_j)/(n_j − 1) · (n_aj/n_j)(1 − n_aj/n_j) (Mantel &amp; Haenszel 1959; Mantel 1966;
    /// Machin, Cheung &amp; Parmar 2006, §3):
    /// <code>
    /// log HR = (O_a − E_a) / V
    /// se(log HR) = 1/√V
    /// CI = exp(log HR ± z/√V)
    /// </code>
    /// Not estimable when V = 0. With strata, O − E and V are summed over strata.
    /// </remarks>
    /// <param name="logRank">A log-rank test (weight 1) of two groups.</param>
    /// <param name="group">The group in the numerator.</param>
    /// <param name="level">The confidence level.</param>
    public static HazardRatioEstimate Estimate(WeightedLogRankResult logRank, int group, ConfidenceLevel level)
    {
        ArgumentNullException.ThrowIfNull(logRank);
        var variance = logRank.Variance[group * logRank.Observed.Length + group];
        if (variance <= 0) return HazardRatioEstimate.NotEstimable("the log-rank variance is zero");
        return HazardRatioEstimate.FromLog(logRank.Score(group) / variance, 1 / Math.Sqrt(variance), level);
    }
}

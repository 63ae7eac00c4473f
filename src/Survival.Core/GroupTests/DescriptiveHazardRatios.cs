using Survival.Core.Inference;

namespace Survival.Core.GroupTests;

/// <summary>
/// The two hazard ratios GraphPad Prism reports for two groups, computed from the log-rank test's observed and
/// expected events and variance (Machin, Cheung &amp; Parmar 2006, ch. 3).
/// </summary>
/// <param name="Group">The group whose hazard is in the numerator.</param>
/// <param name="ReferenceGroup">The group whose hazard is in the denominator.</param>
/// <param name="LogRank">The log-rank (O/E ratio) estimate; see <see cref="LogRankHazardRatio"/>.</param>
/// <param name="MantelHaenszel">The Mantel–Haenszel estimate; see <see cref="MantelHaenszelHazardRatio"/>.</param>
public sealed record DescriptiveHazardRatios(
    string Group,
    string ReferenceGroup,
    HazardRatioEstimate LogRank,
    HazardRatioEstimate MantelHaenszel)
{
    /// <summary>Both estimates of group <paramref name="group"/> against <paramref name="reference"/> from a two-group log-rank test.</summary>
    internal static DescriptiveHazardRatios Estimate(
        WeightedLogRankResult logRank, IReadOnlyList<string> levels, int group, int reference, ConfidenceLevel level) => new(
        levels[group],
        levels[reference],
        LogRankHazardRatio.Estimate(logRank, group, reference, level),
        MantelHaenszelHazardRatio.Estimate(logRank, group, level));
}

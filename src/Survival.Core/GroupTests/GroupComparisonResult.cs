using System.Collections.Immutable;
using Survival.Core.CompetingRisks;
using Survival.Core.Counting;
using Survival.Core.Cox;

namespace Survival.Core.GroupTests;

/// <summary>Everything <see cref="GroupComparison.Compare(CountingTable, GroupComparisonOptions, CancellationToken)"/> computed.</summary>
/// <param name="Groups">The group labels in R's factor order; every per-group array follows it.</param>
/// <param name="GroupSizes">Subjects per group.</param>
/// <param name="GroupEvents">Events per group.</param>
/// <param name="Stratified">Whether the comparisons were stratified.</param>
/// <param name="Tests">One weighted log-rank test per requested weight, in the order requested.</param>
/// <param name="Pairwise">The pairwise tests, weight by weight; empty when not requested.</param>
/// <param name="Cox">The Cox model on the group factor.</param>
/// <param name="HazardRatios">The descriptive hazard ratios; null unless there are exactly two groups.</param>
public sealed record GroupComparisonResult(
    ImmutableArray<string> Groups,
    ImmutableArray<int> GroupSizes,
    ImmutableArray<int> GroupEvents,
    bool Stratified,
    ImmutableArray<WeightedLogRankResult> Tests,
    ImmutableArray<PairwiseComparison> Pairwise,
    CoxModel Cox,
    DescriptiveHazardRatios? HazardRatios)
{
    /// <summary>The RMST and landmark contrasts against the reference group (<see cref="GroupContrasts"/>); empty when none was asked for.</summary>
    public ImmutableArray<GroupContrast> Contrasts { get; init; } = [];

    /// <summary>Gray's test of each competing cause (<see cref="GrayTest"/>), stratified as the tests are; empty without causes.</summary>
    public ImmutableArray<GrayTestResult> GrayTests { get; init; } = [];
}

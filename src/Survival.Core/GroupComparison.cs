using System.Collections.Immutable;

namespace Survival.Core;

/// <summary>The comparison of survival between groups: tests, pairwise tests, the Cox model and hazard ratios in one call.</summary>
public static class GroupComparison
{
    /// <summary>Compares the groups as <paramref name="options"/> asks.</summary>
    /// <remarks>
    /// The data are tabulated once into risk sets by group and stratum, and every statistic is computed from that
    /// table: the weighted log-rank tests (<see cref="WeightedLogRank"/>), the pairwise tests
    /// (<see cref="PairwiseComparisons"/>), the Cox model (<see cref="CoxProportionalHazards"/>) and, for two groups,
    /// the descriptive hazard ratios of the non-reference group against the reference group
    /// (<see cref="LogRankHazardRatio"/>, <see cref="MantelHaenszelHazardRatio"/>).
    /// </remarks>
    /// <param name="data">Times and event indicators.</param>
    /// <param name="groups">Each subject's group; at least two groups.</param>
    /// <param name="strata">Each subject's stratum; required when <see cref="GroupComparisonOptions.Stratified"/> is set, ignored otherwise.</param>
    /// <param name="options">What to compute.</param>
    /// <param name="cancellationToken">Checked between the comparison's steps.</param>
    /// <exception cref="ArgumentException">
    /// Fewer than two groups, a factor that does not match the data, stratification without strata, or a reference or
    /// control group that is not a group label.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">A weight, exponent, trend score or enum value breaks <see cref="InputRules"/>.</exception>
    public static GroupComparisonResult Compare(
        SurvivalData data, Factor groups, Factor? strata, GroupComparisonOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(options);
        var weights = options.Weights.IsDefaultOrEmpty ? [TestWeight.LogRank] : options.Weights;
        foreach (var weight in weights) WeightedLogRank.CheckWeight(weight, options.FlemingHarringtonP, options.FlemingHarringtonQ);
        if (!Enum.IsDefined(options.Ties))
            throw new ArgumentOutOfRangeException(nameof(options), options.Ties, "unknown ties method");
        if (!Enum.IsDefined(options.PValueAdjustment))
            throw new ArgumentOutOfRangeException(nameof(options), options.PValueAdjustment, "unknown p-value adjustment");
        if (options.Stratified && strata is null)
            throw new ArgumentException("stratified comparisons need each subject's stratum", nameof(strata));

        var table = RiskTable.Build(data, groups, options.Stratified ? strata : null);
        var levels = groups.Levels;
        var reference = options.ReferenceGroup is null ? 0 : groups.IndexOf(options.ReferenceGroup, "reference group", nameof(options));
        var control = options.ControlGroup is null ? (int?)null : groups.IndexOf(options.ControlGroup, "control group", nameof(options));
        var trendScores = options.Trend ? WeightedLogRank.TrendScores(options.TrendScores.IsDefault ? [] : options.TrendScores, table.GroupCount) : null;
        var (p, q) = (options.FlemingHarringtonP, options.FlemingHarringtonQ);

        cancellationToken.ThrowIfCancellationRequested();
        var tests = weights.Select(w => WeightedLogRank.Test(table, w, p, q, trendScores)).ToImmutableArray();
        cancellationToken.ThrowIfCancellationRequested();
        var pairwise = options.Pairwise ? PairwiseComparisons.Compare(table, levels, weights, p, q, options.PValueAdjustment, control) : [];
        cancellationToken.ThrowIfCancellationRequested();
        var cox = CoxProportionalHazards.Fit(table, levels, reference, options.Ties, options.Level);
        return new GroupComparisonResult(
            levels,
            [.. table.GroupSizes],
            [.. GroupEvents(table)],
            table.Stratified,
            tests,
            pairwise,
            cox,
            table.GroupCount == 2
                ? DescriptiveHazardRatios.Estimate(
                    WeightedLogRank.Test(table, TestWeight.LogRank, 0, 0, null), levels, 1 - reference, reference, options.Level)
                : null);
    }

    private static int[] GroupEvents(RiskTable table)
    {
        var events = new int[table.GroupCount];
        for (var cell = 0; cell < table.Deaths.Length; cell++) events[cell % table.GroupCount] += table.Deaths[cell];
        return events;
    }
}

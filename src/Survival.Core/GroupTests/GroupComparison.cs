using System.Collections.Immutable;
using Survival.Core.CompetingRisks;
using Survival.Core.Counting;
using Survival.Core.Cox;
using Survival.Core.Regression;

namespace Survival.Core.GroupTests;

/// <summary>The comparison of survival between groups: tests, pairwise tests, the Cox model and hazard ratios in one call.</summary>
public static class GroupComparison
{
    /// <summary>Compares the groups as <paramref name="options"/> asks.</summary>
    /// <remarks>
    /// The data are tabulated once into risk sets by group and stratum, and every statistic is computed from that
    /// table: the weighted log-rank tests (<see cref="WeightedLogRank"/>), the pairwise tests
    /// (<see cref="PairwiseComparisons"/>), the Cox model (<see cref="CoxProportionalHazards"/>) and, for two groups,
    /// the descriptive hazard ratios of the non-reference group against the reference group
    /// (<see cref="LogRankHazardRatio"/>, <see cref="MantelHaenszelHazardRatio"/>). With case weights only the Cox
    /// model, its concordance and the contrasts are computed (R's <c>survdiff</c> takes no weights): asking for a
    /// log-rank-type test, pairwise or trend tests then throws.
    /// </remarks>
    /// <param name="data">Times and event indicators.</param>
    /// <param name="groups">Each subject's group; at least two groups.</param>
    /// <param name="strata">Each subject's stratum; required when <see cref="GroupComparisonOptions.Stratified"/> is set, ignored otherwise.</param>
    /// <param name="options">What to compute.</param>
    /// <param name="cancellationToken">Checked between the comparison's steps.</param>
    /// <exception cref="InputRuleException">
    /// Fewer than two groups, a factor that does not match the data, stratification without strata, or a reference or
    /// control group that is not a group label.
    /// </exception>
    /// <exception cref="InputRuleException">A weight, exponent, trend score or enum value breaks <see cref="InputRules"/>.</exception>
    public static GroupComparisonResult Compare(
        SurvivalData data, Factor groups, Factor? strata, GroupComparisonOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Stratified && strata is null)
            throw new InputRuleException("strata", "are needed for stratified comparisons");
        return Compare(CountingTable.FromSubjects(data, groups, options.Stratified ? strata : null), options, cancellationToken);
    }

    /// <summary>
    /// The memory the exact permutation distributions of the comparison's tests would take (the largest of them,
    /// since they run one after another); 0 unless <paramref name="options"/> asks for exact p-values of two groups.
    /// </summary>
    public static long ExactWorkingBytes(CountingTable counts, GroupComparisonOptions options)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(options);
        var weights = options.Weights.IsDefaultOrEmpty ? (counts.Weighted ? [] : [TestWeight.LogRank]) : options.Weights;
        return weights.Select(w => PermutationTest.ExactWorkingBytes(counts, options, w)).DefaultIfEmpty(0).Max();
    }

    /// <summary>Compares the groups of a counting table as <paramref name="options"/> asks, within its strata when stratified.</summary>
    /// <exception cref="InputRuleException">
    /// Fewer than two groups, or a reference or control group that is not a group label, or a weight, exponent, trend
    /// score or enum value that breaks <see cref="InputRules"/>.
    /// </exception>
    public static GroupComparisonResult Compare(CountingTable counts, GroupComparisonOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(options);
        CheckCaseWeights(counts, options);
        var weights = options.Weights.IsDefaultOrEmpty ? (counts.Weighted ? [] : [TestWeight.LogRank]) : options.Weights;
        foreach (var weight in weights) WeightedLogRank.CheckWeight(weight, options.FlemingHarringtonP, options.FlemingHarringtonQ);
        if (!Enum.IsDefined(options.Ties)) throw new InputRuleException("ties", "must be a known ties method");
        if (!Enum.IsDefined(options.PValueAdjustment)) throw new InputRuleException("p_adjust", "must be a known p-value adjustment");

        var table = RiskSets.Build(counts, options.Stratified);
        var levels = counts.Groups;
        var reference = options.ReferenceGroup is null ? 0 : counts.IndexOfGroup(options.ReferenceGroup, "reference_group");
        var control = options.ControlGroup is null ? (int?)null : counts.IndexOfGroup(options.ControlGroup, "control_group");
        var trendScores = options.Trend ? WeightedLogRank.TrendScores(options.TrendScores.IsDefault ? [] : options.TrendScores, table.GroupCount) : null;
        var (p, q) = (options.FlemingHarringtonP, options.FlemingHarringtonQ);

        cancellationToken.ThrowIfCancellationRequested();
        var tests = weights.Select(w => WeightedLogRank.Test(table, w, p, q, trendScores)).ToImmutableArray();
        if (options.Distribution != TestDistribution.Asymptotic)
        {
            tests = [.. tests.Select(t => t with { Permutation = PermutationTest.Test(counts, options, t.Weight, cancellationToken) })];
        }
        cancellationToken.ThrowIfCancellationRequested();
        var pairwise = options.Pairwise ? PairwiseComparisons.Compare(table, levels, weights, p, q, options.PValueAdjustment, control) : [];
        cancellationToken.ThrowIfCancellationRequested();
        var cox = CoxProportionalHazards.Fit(counts, table, reference, options.Ties, options.Level);
        cancellationToken.ThrowIfCancellationRequested();
        var contrasts = options.RmstTau is null && options.LandmarkTimes.IsDefaultOrEmpty
            ? []
            : GroupContrasts.Compare(counts, options.ReferenceGroup, options.RmstTau, options.LandmarkTimes.IsDefault ? [] : options.LandmarkTimes, options.Level);
        return new GroupComparisonResult(
            levels,
            [.. table.GroupSizes],
            [.. GroupEvents(table)],
            table.Stratified,
            tests,
            pairwise,
            cox,
            table.GroupCount == 2 && !counts.Weighted
                ? DescriptiveHazardRatios.Estimate(
                    WeightedLogRank.Test(table, TestWeight.LogRank, 0, 0, null), levels, 1 - reference, reference, options.Level)
                : null)
        {
            Contrasts = contrasts,
            GrayTests = counts.CauseCount > 0 ? GrayTest.Test(counts, table.Stratified) : [],
        };
    }

    /// <summary>
    /// R's <c>survdiff</c> takes no case weights, so with weights the log-rank family, its pairwise and trend forms and
    /// the descriptive hazard ratios built on it are not computed: asking for them is an error rather than a silently
    /// unweighted answer. The Cox model, its concordance and the contrasts are weighted.
    /// </summary>
    private static void CheckCaseWeights(CountingTable counts, GroupComparisonOptions options)
    {
        if (!counts.Weighted) return;
        if (!options.Weights.IsDefaultOrEmpty) throw new InputRuleException("weights", CombinationRules.TestsWithWeights.Requirement);
        if (options.Pairwise) throw new InputRuleException("pairwise", CombinationRules.TestsWithWeights.Requirement);
        if (options.Trend) throw new InputRuleException("trend", CombinationRules.TestsWithWeights.Requirement);
    }

    private static int[] GroupEvents(RiskSets table)
    {
        var events = new int[table.GroupCount];
        for (var cell = 0; cell < table.Deaths.Length; cell++) events[cell % table.GroupCount] += table.Deaths[cell];
        return events;
    }
}

using System.Collections.Immutable;
using Survival.Core.Counting;
using Survival.Core.Regression;

namespace Survival.Core.GroupTests;

/// <summary>Weighted log-rank tests between pairs of groups with a multiplicity adjustment, as survminer's <c>pairwise_survdiff</c>.</summary>
public static class PairwiseComparisons
{
    /// <summary>Tests every pair of groups, or each group against a control group, for each weight.</summary>
    /// <remarks>
    /// Each pair is tested on the subjects of its two groups only: the weighted log-rank test of
    /// <see cref="WeightedLogRank"/> at the event times of those two groups, with their own pooled numbers at risk
    /// and weights (and strata, when given). The p-values of one weight form one family for
    /// <paramref name="adjustment"/> (Holm 1979 by default), as <c>p.adjust</c> is applied to
    /// <c>pairwise_survdiff</c>'s table. Pairs come in group order: (1,2), (1,3), …, (2,3), …, or
    /// (control, g) for every other g.
    /// </remarks>
    /// <param name="data">Times and event indicators.</param>
    /// <param name="groups">Each subject's group; at least two groups.</param>
    /// <param name="strata">Each subject's stratum, or null.</param>
    /// <param name="weights">The tests to run; empty for the log-rank test.</param>
    /// <param name="flemingHarringtonP">p of the Fleming–Harrington weight.</param>
    /// <param name="flemingHarringtonQ">q of the Fleming–Harrington weight.</param>
    /// <param name="adjustment">The multiplicity adjustment.</param>
    /// <param name="controlGroup">Null for every pair; else each other group is compared with this one only.</param>
    /// <exception cref="InputRuleException">Fewer than two groups, a factor that does not match, or an unknown control group.</exception>
    /// <exception cref="InputRuleException">A weight, exponent or adjustment breaks <see cref="InputRules"/>.</exception>
    public static ImmutableArray<PairwiseComparison> Compare(
        SurvivalData data,
        Factor groups,
        Factor? strata,
        IReadOnlyList<TestWeight> weights,
        double flemingHarringtonP = 0,
        double flemingHarringtonQ = 0,
        PValueAdjustment adjustment = PValueAdjustment.Holm,
        string? controlGroup = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        foreach (var weight in weights) WeightedLogRank.CheckWeight(weight, flemingHarringtonP, flemingHarringtonQ);
        if (!Enum.IsDefined(adjustment))
            throw new InputRuleException("p_adjust", "must be a known p-value adjustment");
        ArgumentNullException.ThrowIfNull(groups);
        var counts = CountingTable.FromSubjects(data, groups, strata);
        WeightedLogRank.RejectCaseWeights(counts);
        var table = RiskSets.Build(counts, strata is not null);
        var control = controlGroup is null ? (int?)null : counts.IndexOfGroup(controlGroup, "control_group");
        return Compare(table, counts.Groups, weights.Count == 0 ? [TestWeight.LogRank] : weights, flemingHarringtonP,
            flemingHarringtonQ, adjustment, control);
    }

    internal static ImmutableArray<PairwiseComparison> Compare(
        RiskSets table,
        IReadOnlyList<string> levels,
        IReadOnlyList<TestWeight> weights,
        double p,
        double q,
        PValueAdjustment adjustment,
        int? control)
    {
        var k = table.GroupCount;
        var pairs = control is { } c
            ? Enumerable.Range(0, k).Where(g => g != c).Select(g => (First: c, Second: g)).ToArray()
            : [.. from first in Enumerable.Range(0, k) from second in Enumerable.Range(first + 1, k - first - 1) select (First: first, Second: second)];
        var tables = pairs.Select(pair => table.Pair(pair.First, pair.Second)).ToArray();

        var results = ImmutableArray.CreateBuilder<PairwiseComparison>(pairs.Length * weights.Count);
        foreach (var weight in weights)
        {
            var tests = tables.Select(t => WeightedLogRank.Test(t, weight, p, q, null)).ToArray();
            var adjusted = PValueAdjust.Adjust([.. tests.Select(t => t.Test.PValue)], adjustment);
            for (var i = 0; i < pairs.Length; i++)
            {
                results.Add(new PairwiseComparison(levels[pairs[i].First], levels[pairs[i].Second], weight,
                    tests[i].FlemingHarringtonP, tests[i].FlemingHarringtonQ, tests[i].Test, adjusted[i]));
            }
        }
        return results.MoveToImmutable();
    }
}

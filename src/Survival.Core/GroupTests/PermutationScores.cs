using Survival.Core.Counting;

namespace Survival.Core.GroupTests;

/// <summary>
/// The log-rank scores of a weighted log-rank test, one class per stratum × distinct time × event or censoring, with the
/// number of subjects of each group in the class: what the permutation distributions relabel.
/// </summary>
/// <remarks>
/// At the distinct times t_1 &lt; t_2 &lt; … of a stratum, with n_j at risk and d_j events (all groups pooled) and the test's
/// weight w_j, a subject leaving at t_j has the score
/// <code>
/// a = Σ_{t_i ≤ t_j} w_i d_i / n_i − δ w_j          δ = 1 for an event, 0 for a censoring
/// </code>
/// (coin's <c>logrank_trafo</c> with its default mid-ranks ties), and Σ over group g's subjects of a is −(O_g − E_g), the
/// test's score. Within a class every subject has the same score, so a relabelling is fixed by how many of each group
/// fall in each class.
/// </remarks>
internal sealed class PermutationScores
{
    private PermutationScores(int groupCount, Stratum[] strata)
    {
        GroupCount = groupCount;
        Strata = strata;
    }

    /// <summary>One stratum's classes: <c>Counts[c * GroupCount + g]</c> subjects of group g have score <c>Scores[c]</c>.</summary>
    internal sealed record Stratum(double[] Scores, int[] Counts, int[] ClassSizes, int[] GroupSizes)
    {
        public int Subjects => ClassSizes.Sum();
    }

    public int GroupCount { get; }

    public Stratum[] Strata { get; }

    public static PermutationScores Build(CountingTable counts, bool stratified, TestWeight weight, double p, double q)
    {
        var k = counts.GroupCount;
        var strataCount = stratified ? counts.StratumCount : 1;
        var strata = new Stratum[strataCount];
        for (var s = 0; s < strataCount; s++)
        {
            var tables = new EventTable[k];
            for (var g = 0; g < k; g++) tables[g] = stratified ? counts.Cell(s, g) : counts.GroupTable(g);
            if (TimeFix.RunStarts(tables) is { } starts)
            {
                for (var g = 0; g < k; g++) tables[g] = tables[g].MergeTimes(starts);
            }
            strata[s] = Scores(tables, weight, p, q);
        }
        return new PermutationScores(k, strata);
    }

    private static Stratum Scores(EventTable[] tables, TestWeight weight, double p, double q)
    {
        var k = tables.Length;
        var pooled = EventTable.Pool(tables);
        var scores = new List<double>();
        var counts = new List<int>();
        var sizes = new List<int>();
        var position = new int[k];
        double cumulative = 0, survival = 1, peto = 1;
        for (var j = 0; j < pooled.Count; j++)
        {
            double n = pooled.AtRisk[j], d = pooled.Events[j];
            var w = 0.0;
            if (d > 0)
            {
                peto *= 1 - d / (n + 1);
                w = WeightedLogRank.WeightAt(weight, p, q, new EventTimeSummary(n, d, survival, peto));
                survival *= 1 - d / n;
                cumulative += w * d / n;
            }
            var events = new int[k];
            var censored = new int[k];
            for (var g = 0; g < k; g++)
            {
                var table = tables[g];
                if (position[g] < table.Count && table.Times[position[g]] == pooled.Times[j])
                {
                    events[g] = table.Events[position[g]];
                    censored[g] = table.Censored[position[g]];
                    position[g]++;
                }
            }
            Add(cumulative - w, events);
            Add(cumulative, censored);
        }
        var groupSizes = new int[k];
        for (var c = 0; c < sizes.Count; c++)
            for (var g = 0; g < k; g++) groupSizes[g] += counts[c * k + g];
        return new Stratum([.. scores], [.. counts], [.. sizes], groupSizes);

        void Add(double score, int[] byGroup)
        {
            var size = byGroup.Sum();
            if (size == 0) return;
            scores.Add(score);
            counts.AddRange(byGroup);
            sizes.Add(size);
        }
    }
}

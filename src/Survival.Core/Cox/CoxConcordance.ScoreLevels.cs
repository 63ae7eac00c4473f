using System.Buffers;

namespace Survival.Core.Cox;

/// <summary>The concordance when η takes few values in each stratum, as it does for a group factor.</summary>
/// <remarks>
/// With the stratum's classes at η level g (0 the lowest, levels within the tie tolerance merged as the sweep merges
/// them), a class's partners of lower η are its partners among the classes of the levels below g, and of lower or
/// equal η among those up to g: each read off that stratum's weight sums by time (and entry) of the levels up to g
/// (<see cref="CoxConcordanceClasses.StratumCounts.UpToLevel"/>) exactly as its partners of any η are read off those
/// of all levels. The same counts as the sweep's, in O(L·D + n) for L levels and D distinct times, with no sort by η
/// and no tree: taken when L ≤ <see cref="MaxScoreLevels"/> in every stratum and Σ L·D over the strata is at most
/// <see cref="LevelCellsPerRow"/> times the number of rows.
/// </remarks>
internal static partial class CoxConcordance
{
    /// <summary>The most distinct η in a stratum that the concordance counts by level.</summary>
    public const int MaxScoreLevels = 16;

    /// <summary>
    /// The most (level, time) cells per row counted by level: their sums take about as much memory per row as the
    /// sweep's arrays, and a counting table's rows are up to one per group and time.
    /// </summary>
    private const int LevelCellsPerRow = 4;

    /// <summary>The estimate by level of η (null without comparable pairs); false when η takes too many values for it.</summary>
    private static bool TryByScoreLevel(CoxRows rows, double[] eta, int maxLevels, out ConcordanceEstimate? estimate)
    {
        estimate = null;
        var levelOf = new int[rows.Count];
        var starts = rows.StratumStarts;
        var levels = new int[starts.Length - 1];
        for (var s = 0; s < levels.Length; s++)
        {
            if (ScoreLevels(eta, starts[s], starts[s + 1], maxLevels, levelOf) is not { } count) return false;
            levels[s] = count;
        }
        var (time, distinct) = CoxConcordanceClasses.TimeIndexes(rows);
        var cells = 0L;
        for (var s = 0; s < levels.Length; s++) cells += (long)levels[s] * distinct[s];
        if (cells > LevelCellsPerRow * (long)rows.Count) return false;

        using var classes = CoxConcordanceClasses.ClassesOf(rows);
        var classStarts = CoxConcordanceClasses.ClassStarts(classes, rows.StratumStarts);
        var entry = rows.Entry is null ? null : CoxConcordanceClasses.EntryIndexes(rows, time);
        var upTo = new CoxConcordanceClasses.StratumCounts[levels.Length][];
        // The counts by level and time, and each class's Cₖ − Dₖ and Cₖ + Dₖ + Tₖ, which wait for the totals, are in
        // pooled buffers: at registry size an array per fit would be above the large-object limit, fresh pages every time.
        var n = classes.Count;
        var (net, all) = (ArrayPool<double>.Shared.Rent(n), ArrayPool<double>.Shared.Rent(n));
        try
        {
            for (var s = 0; s < levels.Length; s++)
                upTo[s] = CoxConcordanceClasses.StratumCounts.UpToLevel(classes, classStarts[s], classStarts[s + 1], distinct[s], time, entry,
                    levelOf, levels[s], pooled: true);
            var (concordant, discordant, tied) = CountByLevel(rows, classes, classStarts, time, levelOf, entry, upTo, net, all);
            var entryKnown = rows.Table is null || rows.Entry is null;
            estimate = ConcordanceVariance.Estimate(concordant, discordant, tied,
                entryKnown ? (somers, total) => LevelVariance(rows, classes, net, all, somers, total) : null);
            return true;
        }
        finally
        {
            foreach (var counts in upTo)
            {
                foreach (var level in counts ?? []) level.Return();
            }
            ArrayPool<double>.Shared.Return(net);
            ArrayPool<double>.Shared.Return(all);
        }
    }

    /// <summary>The totals of pairs, and each class's Cₖ − Dₖ into <paramref name="net"/> and Cₖ + Dₖ + Tₖ into <paramref name="all"/>.</summary>
    private static (double Concordant, double Discordant, double Tied) CountByLevel(CoxRows rows, CoxConcordanceClasses.Classes classes,
        int[] classStarts, int[] time, int[] levelOf, int[]? entry, CoxConcordanceClasses.StratumCounts[][] upTo, double[] net, double[] all)
    {
        double concordant = 0, discordant = 0, tied = 0;
        var (row, events) = (classes.Row, classes.IsEvent);
        // As the sweep: a counting-table row's joiners are not its members, whose own entries are not known.
        var ownEntry = rows.Table is null ? entry : null;
        for (var s = 0; s + 1 < classStarts.Length; s++)
        {
            var counts = upTo[s];
            var any = counts[^1];
            for (var c = classStarts[s]; c < classStarts[s + 1]; c++)
            {
                var k = row[c];
                var (t, isEvent, g) = (time[k], events[c], levelOf[k]);
                var own = ownEntry is null ? null : (int?)ownEntry[k];
                var lower = g == 0 ? default : counts[g - 1].Partners(t, isEvent, own);
                var pairs = PairCounts.Of(lower, counts[g].Partners(t, isEvent, own), any.Partners(t, isEvent, own));
                var w = classes.Weight(c);
                concordant += w * pairs.Concordant;
                discordant += w * pairs.Discordant;
                tied += w * pairs.Tied;
                (net[c], all[c]) = (pairs.Net, pairs.All);
            }
        }
        return (concordant, discordant, tied);
    }

    /// <summary>var(d) from each class's counts (<see cref="ConcordanceVariance.Sum"/>).</summary>
    private static double LevelVariance(CoxRows rows, CoxConcordanceClasses.Classes classes, double[] net, double[] all, double somers, double total)
    {
        var sum = new ConcordanceVariance.Sum(somers, total, rows.Cluster is null ? 0 : rows.ClusterCount);
        for (var c = 0; c < classes.Count; c++) sum.Add(net[c], all[c], classes.Square(c), classes.Weight(c), rows.Cluster?[classes.Row[c]] ?? 0);
        return sum.Variance;
    }

    /// <summary>
    /// Writes the level of each row in [<paramref name="start"/>, <paramref name="end"/>) to <paramref name="levelOf"/>
    /// and returns the number of levels; null when there are more than <paramref name="maxLevels"/> distinct η. As the
    /// sweep's keys, an η within the tie tolerance of the first of the run of levels below it joins that run.
    /// </summary>
    private static int? ScoreLevels(double[] eta, int start, int end, int maxLevels, int[] levelOf)
    {
        Span<double> values = stackalloc double[maxLevels];
        var count = 0;
        for (var k = start; k < end; k++)
        {
            var v = 0;
            while (v < count && values[v] != eta[k]) v++;
            if (v == count)
            {
                if (count == maxLevels) return null;
                values[count++] = eta[k];
            }
            levelOf[k] = v;
        }
        // The values in ascending order, near ties merged into the run of the first of them: each value's level.
        Span<int> order = stackalloc int[count];
        for (var v = 0; v < count; v++) order[v] = v;
        Span<double> sorted = stackalloc double[count];
        values[..count].CopyTo(sorted);
        sorted.Sort(order);
        Span<int> level = stackalloc int[count];
        var (levels, first) = (0, 0);
        for (var r = 0; r < count; r++)
        {
            var (a, b) = (sorted[first], sorted[r]);
            if (r > 0 && b - a > CoxConcordanceClasses.TieTolerance * (1 + Math.Max(Math.Abs(a), Math.Abs(b))))
            {
                levels++;
                first = r;
            }
            level[order[r]] = levels;
        }
        for (var k = start; k < end; k++) levelOf[k] = level[levelOf[k]];
        return count == 0 ? 0 : levels + 1;
    }
}

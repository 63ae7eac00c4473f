namespace Survival.Core;

/// <summary>
/// A Cox regression's subjects as <see cref="CoxConcordance"/> sweeps them: by stratum (the same ranges as
/// <see cref="CoxRiskSets"/>' positions), then by ascending η, each with its time as an index among its stratum's
/// distinct times, its event flag, its entry and its weight, gathered once so that the sweep reads them in order.
/// </summary>
internal sealed class CoxConcordanceSubjects
{
    private readonly int[] _time;

    private CoxConcordanceSubjects(ulong[] key, int[] time, int[]? entry, double[]? weight, int[] distinctTimes)
    {
        Key = key;
        _time = time;
        Entry = entry;
        Weight = weight;
        DistinctTimes = distinctTimes;
    }

    /// <summary>The order key of η (<see cref="RadixOrder.Ascending"/>): equal keys are equal η.</summary>
    public ulong[] Key { get; }

    /// <summary>With delayed entry, how many of the stratum's distinct times are later than the entry; null without.</summary>
    public int[]? Entry { get; }

    /// <summary>Case weights; null without them (every weight 1).</summary>
    public double[]? Weight { get; }

    /// <summary>The number of distinct times in each stratum.</summary>
    public int[] DistinctTimes { get; }

    /// <summary>The index of subject k's time among its stratum's distinct times, 0 the latest, and whether it is an event.</summary>
    public (int Index, bool IsEvent) TimeAt(int k) => (_time[k] >> 1, (_time[k] & 1) != 0);

    public double WeightAt(int k) => Weight is null ? 1 : Weight[k];

    public static CoxConcordanceSubjects Gather(CoxRiskSets sets, double[] eta)
    {
        var n = sets.Count;
        var (time, distinct) = TimeIndexes(sets);
        var entry = sets.Entry is null ? null : EntryIndexes(sets, time);
        var (order, key) = ByStratumAndScore(sets, eta);

        var sortedTime = new int[n];
        var sortedEntry = entry is null ? null : new int[n];
        var weight = sets.Weighted ? new double[n] : null;
        var events = sets.Event;
        ParallelHalves.Run(n, (_, from, to) =>
        {
            for (var r = from; r < to; r++)
            {
                var k = order[r];
                sortedTime[r] = 2 * time[k] + (events[k] ? 1 : 0);
                if (sortedEntry is not null) sortedEntry[r] = entry![k];
                if (weight is not null) weight[r] = sets.Weight[k];
            }
        });
        return new CoxConcordanceSubjects(key, sortedTime, sortedEntry, weight, distinct);
    }

    /// <summary>Each sorted position's time as an index among its stratum's distinct times, from the latest; and their number.</summary>
    private static (int[] Index, int[] Distinct) TimeIndexes(CoxRiskSets sets)
    {
        var time = sets.Time;
        var starts = sets.StratumStarts;
        var index = new int[sets.Count];
        var distinct = new int[starts.Length - 1];
        for (var s = 0; s < distinct.Length; s++)
        {
            var current = -1;
            for (var k = starts[s]; k < starts[s + 1]; k++)
            {
                if (k == starts[s] || time[k] != time[k - 1]) current++;
                index[k] = current;
            }
            distinct[s] = current + 1;
        }
        return (index, distinct);
    }

    /// <summary>
    /// Each sorted position's count of its stratum's distinct times later than its entry, by walking the entries from
    /// the latest beside the times (both sorted from the latest within each stratum).
    /// </summary>
    private static int[] EntryIndexes(CoxRiskSets sets, int[] timeIndex)
    {
        var time = sets.Time;
        var entry = sets.Entry!;
        var byEntry = sets.ByEntry!;
        var starts = sets.StratumStarts;
        var later = new int[sets.Count];
        for (var s = 0; s + 1 < starts.Length; s++)
        {
            var position = starts[s];
            for (var j = starts[s]; j < starts[s + 1]; j++)
            {
                var k = byEntry[j];
                while (position < starts[s + 1] && time[position] > entry[k]) position++;
                later[k] = position == starts[s] ? 0 : timeIndex[position - 1] + 1;
            }
        }
        return later;
    }

    /// <summary>The sorted positions by stratum, then by ascending η (one radix sort of all of them), and their keys.</summary>
    private static (int[] Order, ulong[] Key) ByStratumAndScore(CoxRiskSets sets, double[] eta)
    {
        var n = eta.Length;
        var keys = new ulong[n];
        for (var k = 0; k < n; k++) keys[k] = RadixOrder.Ascending(eta[k]);
        var order = RadixOrder.Sort(keys);
        var starts = sets.StratumStarts;
        var strata = starts.Length - 1;
        if (strata == 1) return (order, keys);

        var stratumOf = new int[n];
        for (var s = 0; s < strata; s++) stratumOf.AsSpan(starts[s], starts[s + 1] - starts[s]).Fill(s);
        var codes = new int[n];
        for (var r = 0; r < n; r++) codes[r] = stratumOf[order[r]];
        var positions = Factor.SubjectsByLevel(codes, strata, out _);
        var grouped = new int[n];
        var groupedKeys = new ulong[n];
        for (var r = 0; r < n; r++) (grouped[r], groupedKeys[r]) = (order[positions[r]], keys[positions[r]]);
        return (grouped, groupedKeys);
    }
}

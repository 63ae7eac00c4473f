using System.Runtime.CompilerServices;
using Survival.Core.Numerics;
using Survival.Core.Regression;

namespace Survival.Core.Cox;

/// <summary>
/// A Cox regression's subjects as <see cref="CoxConcordance"/> sweeps them: by stratum (the same ranges as
/// <see cref="CoxRiskSets"/>' positions), then by ascending η, each with its time as an index among its stratum's
/// distinct times, its event flag, its entry, its weight and its partners of any η in the stratum, gathered once so
/// that the sweep reads them in order.
/// </summary>
/// <remarks>
/// The partners of any η depend only on a subject's time, event and entry, so they are read off the stratum's weight
/// sums by time (<see cref="StratumCounts"/>) in position order, where those reads follow the sorted times, and then
/// gathered with the time code in one read per subject by a loop whose reads do not wait on one another: read in the
/// sweep, between the tree's own reads, each would wait on memory when a million times are distinct.
/// </remarks>
internal sealed class CoxConcordanceSubjects
{
    /// <summary>How many subjects ahead the gather prefetches the row it will read (see <see cref="CachePrefetch"/>).</summary>
    private const int PrefetchDistance = 16;

    private readonly int[] _time;
    private readonly double[] _inStratum;

    private CoxConcordanceSubjects(ulong[] key, int[] time, double[] inStratum, int[]? entry, double[]? weight, int[] distinctTimes)
    {
        Key = key;
        _time = time;
        _inStratum = inStratum;
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

    /// <summary>Subject k's partners of any η in its stratum.</summary>
    public CoxConcordancePartners InStratum(int k) => new(_inStratum[2 * k], _inStratum[2 * k + 1]);

    public static CoxConcordanceSubjects Gather(CoxRiskSets sets, double[] eta)
    {
        var n = sets.Count;
        // The sort by η and the rows, which need only the positions' times, are independent: one beside the other.
        (int[] Order, ulong[] Key) byScore = ([], []);
        (PositionRow[] Rows, int[]? Entry, int[] Distinct) positions = ([], null, []);
        Parallel.Invoke(() => byScore = ByStratumAndScore(sets, eta), () => positions = PositionRows(sets));
        var (order, key) = byScore;
        var (rows, entry, distinct) = positions;

        var sortedTime = new int[n];
        var inStratum = new double[2 * n];
        var sortedEntry = entry is null ? null : new int[n];
        var weight = sets.Weighted ? new double[n] : null;
        ParallelHalves.Run(n, (_, from, to) =>
        {
            for (var r = from; r < to; r++)
            {
                if (r + PrefetchDistance < to) CachePrefetch.Element(rows, order[r + PrefetchDistance]);
                var k = order[r];
                var row = rows[k];
                sortedTime[r] = row.Code;
                (inStratum[2 * r], inStratum[2 * r + 1]) = row.Partners;
                if (sortedEntry is not null) sortedEntry[r] = entry![k];
                if (weight is not null) weight[r] = sets.Weight[k];
            }
        });
        return new CoxConcordanceSubjects(key, sortedTime, inStratum, sortedEntry, weight, distinct);
    }

    /// <summary>
    /// Each sorted position's time code and partners of any η, in position order, where the reads of the stratum's
    /// counts follow the times; with the entry indexes (null without delayed entry) and each stratum's distinct times.
    /// </summary>
    private static (PositionRow[] Rows, int[]? Entry, int[] Distinct) PositionRows(CoxRiskSets sets)
    {
        var (time, distinct) = TimeIndexes(sets);
        var entry = sets.Entry is null ? null : EntryIndexes(sets, time);
        var starts = sets.StratumStarts;
        var counts = new StratumCounts[distinct.Length];
        for (var s = 0; s < counts.Length; s++) counts[s] = StratumCounts.Of(sets, starts[s], starts[s + 1], distinct[s], time, entry);
        var events = sets.Event;
        var rows = new PositionRow[sets.Count];
        ParallelHalves.Run(rows.Length, (_, from, to) =>
        {
            for (var (k, s) = (from, 0); k < to; k++)
            {
                // Positions are by stratum: s follows k from the first stratum.
                while (k >= starts[s + 1]) s++;
                rows[k] = new PositionRow(2 * time[k] + (events[k] ? 1 : 0), counts[s].Partners(time[k], events[k], entry?[k]));
            }
        });
        return (rows, entry, distinct);
    }

    /// <summary>A sorted position's time code (2 × time index + event) and its partners of any η, gathered by one read.</summary>
    private readonly record struct PositionRow(int Code, CoxConcordancePartners Partners);

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

    /// <summary>
    /// One stratum's weight sums by distinct time, of all its subjects and of their events, at each time and at all
    /// later times, and with delayed entry of those who entered at or after each time: a subject's partners of any η.
    /// </summary>
    private sealed class StratumCounts
    {
        /// <summary>Four sums per time index t (0 the latest): all and events at later times, all and events at t; then the totals.</summary>
        private readonly double[] _byTime;

        /// <summary>With delayed entry, at index t the weight of those whose entry index is at most t, who entered at or after t.</summary>
        private readonly double[]? _enteredBy;

        private readonly int _times;

        private StratumCounts(double[] byTime, double[]? enteredBy, int times) =>
            (_byTime, _enteredBy, _times) = (byTime, enteredBy, times);

        /// <summary>The counts of positions [<paramref name="start"/>, <paramref name="end"/>), sorted by time.</summary>
        public static StratumCounts Of(CoxRiskSets sets, int start, int end, int times, int[] timeIndex, int[]? entryIndex)
        {
            var byTime = new double[4 * (times + 1)];
            var enteredBy = entryIndex is null ? null : new double[times + 1];
            var (events, weights, weighted) = (sets.Event, sets.Weight, sets.Weighted);
            for (var k = start; k < end; k++)
            {
                var w = weighted ? weights[k] : 1;
                var at = 4 * timeIndex[k] + 2;
                byTime[at] += w;
                // Without a branch on the event, which no predictor can guess: a censored subject adds 0.
                byTime[at + 1] += Unsafe.BitCast<bool, byte>(events[k]) * w;
                if (enteredBy is not null) enteredBy[entryIndex![k]] += w;
            }
            for (var t = 0; t < times; t++)
            {
                byTime[4 * t + 4] = byTime[4 * t] + byTime[4 * t + 2];
                byTime[4 * t + 5] = byTime[4 * t + 1] + byTime[4 * t + 3];
            }
            for (var e = 1; enteredBy is not null && e < enteredBy.Length; e++) enteredBy[e] += enteredBy[e - 1];
            return new StratumCounts(byTime, enteredBy, times);
        }

        /// <summary>The partners of a subject at time index <paramref name="t"/> with entry index <paramref name="entry"/> (null without delayed entry).</summary>
        public CoxConcordancePartners Partners(int t, bool isEvent, int? entry)
        {
            var byTime = _byTime;
            // Without delayed entry every event is after the entry: the events later than the index past the earliest time.
            var eventsAfterEntry = byTime[4 * (entry ?? _times) + 1];
            return CoxConcordancePartners.Of(isEvent, (byTime[4 * t], byTime[4 * t + 1]), (byTime[4 * t + 2], byTime[4 * t + 3]),
                _enteredBy?[t] ?? 0, eventsAfterEntry);
        }
    }
}

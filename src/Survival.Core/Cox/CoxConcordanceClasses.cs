using System.Buffers;
using System.Runtime.CompilerServices;
using Survival.Core.Numerics;
using Survival.Core.Regression;

namespace Survival.Core.Cox;

/// <summary>
/// The engine's rows as <see cref="CoxConcordance"/> sweeps them: as classes of members who leave the risk set at one
/// time the same way — a row of one is one class; a counting-table row has its events' class and its censorings' —
/// sorted by stratum (the same ranges as <see cref="CoxRows"/>' positions), then by ascending η. Each class has its
/// time as an index among its stratum's distinct times, its event flag, its weight, the weight of those who join the
/// risk set with it and their entry, and its partners of any η in the stratum, gathered once so that the sweep reads
/// them in order.
/// </summary>
/// <remarks>
/// The partners of any η depend only on a class's time, event and entry, so they are read off the stratum's weight
/// sums by time (<see cref="StratumCounts"/>) in row order, where those reads follow the sorted times, and then
/// gathered with the time code in one read per class by a loop whose reads do not wait on one another: read in the
/// sweep, between the tree's own reads, each would wait on memory when a million times are distinct.
/// <para>
/// Linear predictors closer than 10⁻¹⁰·(1 + |η|) share one key and count as tied: two groups whose coefficients are
/// equal in exact arithmetic come out of Newton–Raphson equal only up to rounding, and R compares the rounded values
/// exactly, so whether it calls such pairs tied depends on the last bits of its arithmetic, which cannot be reproduced.
/// </para>
/// </remarks>
internal sealed class CoxConcordanceClasses
{
    /// <summary>How many classes ahead the gather prefetches the row it will read (see <see cref="CachePrefetch"/>).</summary>
    private const int PrefetchDistance = 16;

    /// <summary>η closer than this times 1 + |η| count as tied (see the remarks).</summary>
    public const double TieTolerance = 1e-10;

    private readonly int[] _time;
    private readonly double[] _inStratum;

    private CoxConcordanceClasses(ulong[] key, int[] time, double[] inStratum, int[]? entry, double[]? weight, double[]? joinWeight,
        double[]? squares, int[]? cluster, int clusterCount, bool entryKnown, int[] stratumStarts, int[] distinctTimes)
    {
        StratumStarts = stratumStarts;
        Key = key;
        _time = time;
        _inStratum = inStratum;
        Entry = entry;
        Weight = weight;
        JoinWeight = joinWeight;
        Squares = squares;
        Cluster = cluster;
        ClusterCount = clusterCount;
        EntryKnown = entryKnown;
        DistinctTimes = distinctTimes;
    }

    public int Count => Key.Length;

    /// <summary>The order key of η (<see cref="RadixOrder.Ascending"/>): equal keys are equal η.</summary>
    public ulong[] Key { get; }

    /// <summary>With delayed entry, how many of the stratum's distinct times are later than the joiners' entry; null without.</summary>
    public int[]? Entry { get; }

    /// <summary>Each class's weight; null when every class is one member of weight 1.</summary>
    public double[]? Weight { get; }

    /// <summary>The weight of those who join the risk set at each class's entry; null when it is the class's own weight.</summary>
    public double[]? JoinWeight { get; }

    /// <summary>Σ w² of each class's members, its multiplicity in the variance; null for weights of 1.</summary>
    public double[]? Squares { get; }

    /// <summary>Each class's cluster, whose influences the variance sums before squaring; null for one per member.</summary>
    public int[]? Cluster { get; }

    public int ClusterCount { get; }

    /// <summary>
    /// Whether a member's own entry is known: false for counting-table rows with delayed entry, whose joiners are not
    /// linked to their exits, so that the variance is not estimable though the pairs are counted.
    /// </summary>
    public bool EntryKnown { get; }

    /// <summary>Where each stratum's classes begin, and the count at the end.</summary>
    public int[] StratumStarts { get; }

    /// <summary>The number of distinct times in each stratum.</summary>
    public int[] DistinctTimes { get; }

    /// <summary>The index of class k's time among its stratum's distinct times, 0 the latest, and whether it is of events.</summary>
    public (int Index, bool IsEvent) TimeAt(int k) => (_time[k] >> 1, (_time[k] & 1) != 0);

    public double WeightAt(int k) => Weight is null ? 1 : Weight[k];

    public double JoinWeightAt(int k) => JoinWeight is null ? WeightAt(k) : JoinWeight[k];

    /// <summary>Class k's partners of any η in its stratum.</summary>
    public CoxConcordancePartners InStratum(int k) => new(_inStratum[2 * k], _inStratum[2 * k + 1]);

    public static CoxConcordanceClasses Gather(CoxRows rows, double[] eta)
    {
        using var classes = ClassesOf(rows);
        var n = classes.Count;
        var classStarts = ClassStarts(classes, rows.StratumStarts);
        // The sort by η and the rows, which need only the classes' times, are independent: one beside the other — for
        // a few classes (a counting table's) one after the other, since handing half to another thread costs more.
        (int[] Order, ulong[] Key) byScore = ([], []);
        (ClassRow[] Rows, int[]? Entry, int[] Distinct) positions = ([], null, []);
        if (n < ParallelHalves.Threshold)
        {
            byScore = ByStratumAndScore(rows, classes, eta);
            positions = ClassRows(rows, classes, classStarts);
        }
        else Parallel.Invoke(() => byScore = ByStratumAndScore(rows, classes, eta), () => positions = ClassRows(rows, classes, classStarts));
        var (order, key) = byScore;
        var (classRows, entry, distinct) = positions;

        var sortedTime = new int[n];
        var inStratum = new double[2 * n];
        var sortedEntry = entry is null ? null : new int[n];
        var weight = classes.Weighted ? new double[n] : null;
        var joinWeight = classes.JoinApart ? new double[n] : null;
        var squares = classes.Weighted ? new double[n] : null;
        var cluster = rows.Cluster is null ? null : new int[n];
        ParallelHalves.Run(n, (_, from, to) =>
        {
            for (var r = from; r < to; r++)
            {
                if (r + PrefetchDistance < to) CachePrefetch.Element(classRows, order[r + PrefetchDistance]);
                var k = order[r];
                var row = classRows[k];
                sortedTime[r] = row.Code;
                (inStratum[2 * r], inStratum[2 * r + 1]) = row.Partners;
                if (sortedEntry is not null) sortedEntry[r] = entry![k];
                if (weight is not null) weight[r] = classes.Weight(k);
                if (joinWeight is not null) joinWeight[r] = classes.JoinWeight(k);
                if (squares is not null) squares[r] = classes.Square(k);
                if (cluster is not null) cluster[r] = rows.Cluster![classes.Row[k]];
            }
        });
        return new CoxConcordanceClasses(key, sortedTime, inStratum, sortedEntry, weight, joinWeight, squares, cluster, rows.ClusterCount,
            rows.Table is null || rows.Entry is null, classStarts, distinct);
    }

    /// <summary>
    /// The classes of the rows, in row order: each one's row and event flag, its weights read off the row. The arrays
    /// are borrowed from the pool (a counting table's are above the large-object limit at registry size, fresh pages on
    /// every fit) and given back by <see cref="Dispose"/>; only the first <see cref="Count"/> elements are the classes'.
    /// </summary>
    internal sealed class Classes(CoxRows rows, int count, int[] row, bool[] isEvent, double[]? weight, double[]? square) : IDisposable
    {
        public int Count { get; } = count;

        public int[] Row { get; } = row;

        public bool[] IsEvent { get; } = isEvent;

        /// <summary>Whether a class may weigh other than 1: case weights, or a counting-table row's many members.</summary>
        public bool Weighted => rows.Table is not null || rows.Weighted;

        /// <summary>Whether those joining with a class may weigh other than the class: counting-table rows with entries.</summary>
        public bool JoinApart => rows.Table is not null && rows.Entry is not null;

        /// <summary>Class c's weight: its row's events' or censorings' weight sum for a counting-table row (read once, by <see cref="ClassesOf"/>).</summary>
        public double Weight(int c) => weight is not null ? weight[c] : rows.Weighted ? rows.Weight[Row[c]] : 1;

        /// <summary>The weight of those joining with class c: a counting-table row's joiners go with its first class.</summary>
        public double JoinWeight(int c) =>
            rows.Table is { } table ? (c == 0 || Row[c - 1] != Row[c] ? table.Entered[Row[c]] : 0) : Weight(c);

        /// <summary>Σ w² of class c's members (a counting-table class's read once, by <see cref="ClassesOf"/>).</summary>
        public double Square(int c) => square is not null ? square[c] : Weight(c) * Weight(c);

        public void Dispose()
        {
            ArrayPool<int>.Shared.Return(Row);
            ArrayPool<bool>.Shared.Return(IsEvent);
            if (weight is not null) ArrayPool<double>.Shared.Return(weight);
            if (square is not null) ArrayPool<double>.Shared.Return(square);
        }
    }

    /// <summary>The rows' classes in row order.</summary>
    public static Classes ClassesOf(CoxRows rows)
    {
        if (rows.Table is null)
        {
            var (identity, isEvent) = (ArrayPool<int>.Shared.Rent(rows.Count), ArrayPool<bool>.Shared.Rent(rows.Count));
            for (var k = 0; k < rows.Count; k++) (identity[k], isEvent[k]) = (k, rows.Events[k] > 0);
            return new Classes(rows, rows.Count, identity, isEvent, null, null);
        }
        // A row is its events' class, its censorings' class, or both; a row of neither (only joiners) one empty class.
        var n = 0;
        for (var k = 0; k < rows.Count; k++) n += rows.EventWeight[k] > 0 && rows.Weight[k] - rows.EventWeight[k] > 0 ? 2 : 1;
        var (row, events) = (ArrayPool<int>.Shared.Rent(n), ArrayPool<bool>.Shared.Rent(n));
        var (weight, square) = (ArrayPool<double>.Shared.Rent(n), ArrayPool<double>.Shared.Rent(n));
        var table = rows.Table;
        var c = 0;
        for (var k = 0; k < rows.Count; k++)
        {
            var censored = Math.Max(rows.Weight[k] - rows.EventWeight[k], 0);
            if (rows.EventWeight[k] > 0)
            {
                (row[c], events[c], weight[c], square[c]) = (k, true, rows.EventWeight[k], table.EventSquares[k]);
                c++;
                if (censored <= 0) continue;
            }
            (row[c], events[c], weight[c], square[c]) = (k, false, censored, censored > 0 ? table.CensoredSquares[k] : 0);
            c++;
        }
        return new Classes(rows, n, row, events, weight, square);
    }

    /// <summary>
    /// Each class's time code and partners of any η, in row order, where the reads of the stratum's counts follow the
    /// times; with the entry indexes (null without delayed entry) and each stratum's distinct times.
    /// </summary>
    private static (ClassRow[] Rows, int[]? Entry, int[] Distinct) ClassRows(CoxRows rows, Classes classes, int[] classStarts)
    {
        var (time, distinct) = TimeIndexes(rows);
        var entry = rows.Entry is null ? null : EntryIndexes(rows, time);
        var counts = new StratumCounts[distinct.Length];
        for (var s = 0; s < counts.Length; s++)
            counts[s] = StratumCounts.Of(classes, classStarts[s], classStarts[s + 1], distinct[s], time, entry);
        var n = classes.Count;
        var classRows = new ClassRow[n];
        var classEntry = entry is null ? null : new int[n];
        ParallelHalves.Run(n, (_, from, to) =>
        {
            for (var (c, s) = (from, 0); c < to; c++)
            {
                // Classes are by stratum: s follows c from the first stratum.
                while (c >= classStarts[s + 1]) s++;
                var k = classes.Row[c];
                var isEvent = classes.IsEvent[c];
                if (classEntry is not null) classEntry[c] = entry![k];
                classRows[c] = new ClassRow(2 * time[k] + (isEvent ? 1 : 0), counts[s].Partners(time[k], isEvent, rows.Table is null ? entry?[k] : null));
            }
        });
        return (classRows, classEntry, distinct);
    }

    /// <summary>Where each stratum's classes begin, and the count at the end.</summary>
    public static int[] ClassStarts(Classes classes, int[] rowStarts)
    {
        var starts = new int[rowStarts.Length];
        var c = 0;
        for (var s = 0; s + 1 < rowStarts.Length; s++)
        {
            while (c < classes.Count && classes.Row[c] < rowStarts[s + 1]) c++;
            starts[s + 1] = c;
        }
        return starts;
    }

    /// <summary>A class's time code (2 × time index + event) and its partners of any η, gathered by one read.</summary>
    private readonly record struct ClassRow(int Code, CoxConcordancePartners Partners);

    /// <summary>Each row's time as an index among its stratum's distinct times, from the latest; and their number.</summary>
    public static (int[] Index, int[] Distinct) TimeIndexes(CoxRows rows)
    {
        var time = rows.Time;
        var starts = rows.StratumStarts;
        var index = new int[rows.Count];
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
    /// Each row's count of its stratum's distinct times later than its entry, by walking the entries from the latest
    /// beside the times (both sorted from the latest within each stratum).
    /// </summary>
    public static int[] EntryIndexes(CoxRows rows, int[] timeIndex)
    {
        var time = rows.Time;
        var entry = rows.Entry!;
        var byEntry = rows.ByEntry!;
        var starts = rows.StratumStarts;
        var later = new int[rows.Count];
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

    /// <summary>
    /// The classes by stratum, then by ascending η (one radix sort of all of them), and their keys, with keys of η
    /// within the tie tolerance of the previous one's made equal.
    /// </summary>
    private static (int[] Order, ulong[] Key) ByStratumAndScore(CoxRows rows, Classes classes, double[] eta)
    {
        var n = classes.Count;
        var keys = new ulong[n];
        for (var c = 0; c < n; c++) keys[c] = RadixOrder.Ascending(eta[classes.Row[c]]);
        var order = RadixOrder.Sort(keys);
        var strata = rows.StratumStarts.Length - 1;
        if (strata > 1)
        {
            var stratumOf = new int[rows.Count];
            for (var s = 0; s < strata; s++) stratumOf.AsSpan(rows.StratumStarts[s], rows.StratumStarts[s + 1] - rows.StratumStarts[s]).Fill(s);
            var codes = new int[n];
            for (var r = 0; r < n; r++) codes[r] = stratumOf[classes.Row[order[r]]];
            var positions = Factor.SubjectsByLevel(codes, strata, out _);
            var grouped = new int[n];
            var groupedKeys = new ulong[n];
            for (var r = 0; r < n; r++) (grouped[r], groupedKeys[r]) = (order[positions[r]], keys[positions[r]]);
            (order, keys) = (grouped, groupedKeys);
        }
        MergeNearTies(keys);
        return (order, keys);
    }

    /// <summary>Gives η within the tie tolerance of the run's first the run's key (keys of one stratum are ascending).</summary>
    /// <remarks>
    /// η is read back from the keys, which hold it exactly, in their sorted order: looking it up through the order
    /// would be two reads at random places per class, a fifth of a million-subject concordance.
    /// </remarks>
    private static void MergeNearTies(ulong[] keys)
    {
        var first = 0;
        var a = keys.Length == 0 ? 0 : RadixOrder.FromAscending(keys[0]);
        for (var r = 1; r < keys.Length; r++)
        {
            if (keys[r] == keys[first]) continue;
            var b = RadixOrder.FromAscending(keys[r]);
            if (keys[r] > keys[first] && b - a <= TieTolerance * (1 + Math.Max(Math.Abs(a), Math.Abs(b)))) keys[r] = keys[first];
            else (first, a) = (r, b);
        }
    }

    /// <summary>
    /// One stratum's weight sums by distinct time, of all its classes and of their events, at each time and at all
    /// later times, and with delayed entry of those who entered at or after each time: a class's partners of any η.
    /// </summary>
    internal sealed class StratumCounts
    {
        /// <summary>Four sums per time index t (0 the latest): all and events at later times, all and events at t; then the totals.</summary>
        private readonly double[] _byTime;

        /// <summary>With delayed entry, at index t the weight of those whose entry index is at most t, who entered at or after t.</summary>
        private readonly double[]? _enteredBy;

        private readonly int _times;

        private StratumCounts(double[] byTime, double[]? enteredBy, int times) =>
            (_byTime, _enteredBy, _times) = (byTime, enteredBy, times);

        /// <summary>The counts of classes [<paramref name="start"/>, <paramref name="end"/>), in row order.</summary>
        public static StratumCounts Of(Classes classes, int start, int end, int times, int[] timeIndex, int[]? entryIndex) =>
            UpToLevel(classes, start, end, times, timeIndex, entryIndex, level: null, levels: 1, pooled: false)[0];

        /// <summary>
        /// The counts of classes [<paramref name="start"/>, <paramref name="end"/>) whose row's level (<paramref name="level"/>,
        /// 0 the lowest; all when null) is at most g, for each g below <paramref name="levels"/>; when
        /// <paramref name="pooled"/>, in arrays borrowed from the pool, given back by <see cref="Return"/>.
        /// </summary>
        public static StratumCounts[] UpToLevel(Classes classes, int start, int end, int times, int[] timeIndex, int[]? entryIndex,
            int[]? level, int levels, bool pooled)
        {
            var byTime = new double[levels][];
            var enteredBy = new double[]?[levels];
            for (var g = 0; g < levels; g++)
            {
                byTime[g] = Zeros(4 * (times + 1), pooled);
                enteredBy[g] = entryIndex is null ? null : Zeros(times + 1, pooled);
            }
            for (var c = start; c < end; c++)
            {
                var k = classes.Row[c];
                var g = level is null ? 0 : level[k];
                var w = classes.Weight(c);
                var at = 4 * timeIndex[k] + 2;
                byTime[g][at] += w;
                // Without a branch on the event, which no predictor can guess: a censored class adds 0.
                byTime[g][at + 1] += Unsafe.BitCast<bool, byte>(classes.IsEvent[c]) * w;
                if (entryIndex is not null) enteredBy[g]![entryIndex[k]] += classes.JoinWeight(c);
            }
            // Each level's weights by time and entry become those of its level and all lower, before the sums over times.
            for (var g = 1; g < levels; g++)
            {
                AddTo(byTime[g], byTime[g - 1], 4 * (times + 1));
                if (entryIndex is not null) AddTo(enteredBy[g]!, enteredBy[g - 1]!, times + 1);
            }
            var counts = new StratumCounts[levels];
            for (var g = 0; g < levels; g++) counts[g] = Finish(byTime[g], enteredBy[g], times);
            return counts;
        }

        /// <summary>Gives the arrays of counts made pooled back to the pool.</summary>
        public void Return()
        {
            ArrayPool<double>.Shared.Return(_byTime);
            if (_enteredBy is not null) ArrayPool<double>.Shared.Return(_enteredBy);
        }

        private static double[] Zeros(int length, bool pooled)
        {
            if (!pooled) return new double[length];
            var array = ArrayPool<double>.Shared.Rent(length);
            Array.Clear(array, 0, length);
            return array;
        }

        /// <summary>Adds the weights at each time and entry of <paramref name="lower"/> to <paramref name="sums"/>.</summary>
        private static void AddTo(double[] sums, double[] lower, int length)
        {
            for (var i = 0; i < length; i++) sums[i] += lower[i];
        }

        /// <summary>The sums over later times and over entries, from the weights at each time and entry.</summary>
        private static StratumCounts Finish(double[] byTime, double[]? enteredBy, int times)
        {
            for (var t = 0; t < times; t++)
            {
                byTime[4 * t + 4] = byTime[4 * t] + byTime[4 * t + 2];
                byTime[4 * t + 5] = byTime[4 * t + 1] + byTime[4 * t + 3];
            }
            for (var e = 1; enteredBy is not null && e <= times; e++) enteredBy[e] += enteredBy[e - 1];
            return new StratumCounts(byTime, enteredBy, times);
        }

        /// <summary>The partners of a class at time index <paramref name="t"/> with entry index <paramref name="entry"/> (null without a known entry).</summary>
        public CoxConcordancePartners Partners(int t, bool isEvent, int? entry)
        {
            var byTime = _byTime;
            // Without a known entry every event is after it: the events later than the index past the earliest time.
            var eventsAfterEntry = byTime[4 * (entry ?? _times) + 1];
            return CoxConcordancePartners.Of(isEvent, (byTime[4 * t], byTime[4 * t + 1]), (byTime[4 * t + 2], byTime[4 * t + 3]),
                _enteredBy?[t] ?? 0, eventsAfterEntry);
        }
    }
}

namespace Survival.Core;

/// <summary>
/// Harrell's concordance of a Cox model's linear predictor with its infinitesimal-jackknife standard error, as R's
/// <c>coxph()$concordance</c> (survival ≥ 3.0, <c>concordancefit(timewt = "n", reverse = TRUE)</c>).
/// </summary>
/// <remarks>
/// A pair (i, j) is comparable, within a stratum, when i has an event at tᵢ and j is still at risk then: tⱼ &gt; tᵢ, or
/// tⱼ = tᵢ with j censored, and with delayed entry entryⱼ &lt; tᵢ; two events at one time are not compared. It is
/// concordant when the subject with the event has the higher risk score η, discordant when lower, tied when equal;
/// the estimate and its variance are <see cref="ConcordanceVariance"/>'s.
/// <para>
/// The pairs are counted in O(n log n) in one sweep from the latest time, with a Fenwick tree over the ranks of η
/// (within the stratum) holding two counts: the subjects at risk, and the events at or after the current time. An
/// event's pairs as the event are read from the first count. A subject's pairs as the one at risk are the events
/// before its time (up to it when censored) — all the stratum's events by rank, fixed before the sweep, less the
/// second count — minus, with delayed entry, the events up to its entry, read the same way when the sweep passes
/// its entry and removes it from the risk set.
/// </para>
/// <para>
/// Without delayed entry a large stratum's sweep is cut at a time group near 9/16 of it and the two parts run side by
/// side: the later part starts from the tree the earlier part would leave, every subject before the cut at risk and the
/// events among them in the second count, built in O(n) from their ranks. Each part writes only its own subjects'
/// counts, and the totals are the sums of the parts'.
/// </para>
/// <para>
/// With case weights a pair counts wᵢ·wⱼ, as R's <c>concordance</c> with weights: the tree and the stratum's events hold
/// weight sums, the totals add the event's weight times its partners' sums, a subject's own counts (∂/∂wₖ) are its
/// partners' weight sums, and var(d) = Σₖ wₖ² dₖ².
/// </para>
/// </remarks>
internal static class CoxConcordance
{
    /// <summary>How many positions ahead the sweep prefetches the tree's lines (see <see cref="CachePrefetch"/>).</summary>
    private const int PrefetchDistance = 64;

    /// <summary>The smallest stratum whose sweep is cut in two parts run side by side.</summary>
    private const int SplitThreshold = 1 << 15;

    /// <summary>The estimate for linear predictors <paramref name="eta"/> in <paramref name="sets"/>' order; null without comparable pairs.</summary>
    public static ConcordanceEstimate? Compute(CoxRiskSets sets, double[] eta)
    {
        var n = sets.Count;
        var rank = new int[n];
        var distinct = Ranks(sets, eta, rank);
        var counts = new Counts(new double[n], new double[n]);
        var starts = sets.StratumStarts;
        for (var s = 0; s + 1 < starts.Length; s++)
        {
            var (start, end) = (starts[s], starts[s + 1]);
            var stratumEvents = new StratumEvents(rank, sets.Event, sets.Weight, start, end, distinct[s]);
            var cut = Cut(sets, start, end);
            if (cut == start)
            {
                Sweep(sets, rank, stratumEvents, start, end, new FenwickTree(distinct[s]), counts);
                continue;
            }
            var later = new Counts(counts.Net, counts.Pairs);
            Parallel.Invoke(
                () => Sweep(sets, rank, stratumEvents, start, cut, new FenwickTree(distinct[s]), counts),
                () => Sweep(sets, rank, stratumEvents, cut, end, TreeBefore(sets, rank, start, cut, distinct[s]), later));
            counts.Add(later);
        }
        var squares = sets.Weighted ? sets.Weight.Select(w => w * w).ToArray() : [];
        return ConcordanceVariance.Estimate(counts.Concordant, counts.Discordant, counts.Tied, counts.Net, counts.Pairs, squares);
    }

    /// <summary>
    /// Where a large stratum's sweep is cut in two: the first time group starting at or after 9/16 of it, the earlier
    /// part a little the larger since the later one first builds its tree from the subjects before the cut; the
    /// stratum's start (no cut) when it is small, when its times are one group, or with delayed entry, whose
    /// leaving subjects would be taken out of the other part's tree.
    /// </summary>
    private static int Cut(CoxRiskSets sets, int start, int end)
    {
        if (sets.Entry is not null || end - start < SplitThreshold) return start;
        var time = sets.Time;
        var cut = start + (int)((end - start) * 9L / 16);
        while (cut < end && time[cut] == time[cut - 1]) cut++;
        return cut == end ? start : cut;
    }

    /// <summary>
    /// The tree as the sweep leaves it after positions [<paramref name="start"/>, <paramref name="cut"/>) without
    /// delayed entry: every one of them at risk, and the events among them in the second count.
    /// </summary>
    private static FenwickTree TreeBefore(CoxRiskSets sets, int[] rank, int start, int cut, int distinct)
    {
        var tree = new FenwickTree(distinct);
        var events = sets.Event;
        var weight = sets.Weight;
        for (var k = start; k < cut; k++) tree.AddExact(rank[k], weight[k], events[k] ? weight[k] : 0);
        tree.BuildBlocks();
        return tree;
    }

    /// <summary>
    /// Sweeps positions [<paramref name="from"/>, <paramref name="end"/>) of one stratum, whose time groups they do not
    /// cut, from <paramref name="tree"/> as the positions before them left it; with delayed entry the whole stratum.
    /// </summary>
    private static void Sweep(CoxRiskSets sets, int[] rank, StratumEvents stratumEvents, int from, int end, FenwickTree tree, Counts counts)
    {
        var time = sets.Time;
        var events = sets.Event;
        var weight = sets.Weight;
        var entry = sets.Entry;
        var byEntry = sets.ByEntry;
        var nextEntry = from;
        var position = from;
        while (position < end)
        {
            var t = time[position];
            var groupEnd = position;
            while (groupEnd < end && time[groupEnd] == t) groupEnd++;
            if (entry is not null)
            {
                for (; nextEntry < end && entry[byEntry![nextEntry]] >= t; nextEntry++)
                {
                    var leaving = byEntry[nextEntry];
                    if (leaving >= position) continue;
                    // The events up to its entry were counted as before its time: take them back.
                    counts.AddAtRisk(leaving, stratumEvents, tree, rank[leaving], -1);
                    tree.Add(rank[leaving], -weight[leaving], 0);
                }
            }

            for (var k = position; k < groupEnd; k++)
            {
                if (k + PrefetchDistance < end)
                {
                    tree.Prefetch(rank[k + PrefetchDistance]);
                    stratumEvents.Prefetch(rank[k + PrefetchDistance]);
                }
                if (events[k]) continue;
                counts.AddAtRisk(k, stratumEvents, tree, rank[k], 1);
                tree.Add(rank[k], weight[k], 0);
            }
            for (var k = position; k < groupEnd; k++)
            {
                if (events[k]) tree.Add(rank[k], 0, weight[k]);
            }
            for (var k = position; k < groupEnd; k++)
            {
                if (!events[k]) continue;
                var below = tree.Below(rank[k]);
                var at = tree.At(rank[k]);
                var higher = tree.Count.First - below.First - at.First;
                // The subjects at risk with the lower score are concordant with the event.
                counts.AddEvent(k, weight[k], below.First, higher, at.First);
                counts.AddAtRisk(k, stratumEvents, rank[k], below.Second, at.Second, tree.Count.Second, 1);
            }
            for (var k = position; k < groupEnd; k++)
            {
                if (events[k]) tree.Add(rank[k], weight[k], 0);
            }
            position = groupEnd;
        }
    }

    /// <summary>
    /// The ranks of η within each stratum (equal η, equal rank) by one radix sort of all of them; returns the number
    /// of distinct ranks in each stratum.
    /// </summary>
    private static int[] Ranks(CoxRiskSets sets, double[] eta, int[] rank)
    {
        var n = eta.Length;
        var keys = new ulong[n];
        for (var k = 0; k < n; k++) keys[k] = RadixOrder.Ascending(eta[k]);
        var order = RadixOrder.Sort(keys);
        var starts = sets.StratumStarts;
        var strata = starts.Length - 1;
        if (strata > 1)
        {
            var stratumOf = new int[n];
            for (var s = 0; s < strata; s++) stratumOf.AsSpan(starts[s], starts[s + 1] - starts[s]).Fill(s);
            var codes = new int[n];
            for (var k = 0; k < n; k++) codes[k] = stratumOf[order[k]];
            var positions = Factor.SubjectsByLevel(codes, strata, out _);
            var grouped = new int[n];
            var groupedKeys = new ulong[n];
            for (var k = 0; k < n; k++) (grouped[k], groupedKeys[k]) = (order[positions[k]], keys[positions[k]]);
            (order, keys) = (grouped, groupedKeys);
        }

        // Equal keys are equal η, and the keys are read in order where η would be read scattered.
        var distinct = new int[strata];
        var next = 0;
        for (var s = 0; s < strata; s++)
        {
            var ranks = -1;
            for (var end = next + starts[s + 1] - starts[s]; next < end; next++)
            {
                if (ranks < 0 || keys[next] != keys[next - 1]) ranks++;
                rank[order[next]] = ranks;
            }
            distinct[s] = ranks + 1;
        }
        return distinct;
    }

    /// <summary>The events of one stratum by rank of η, counted before the sweep.</summary>
    private sealed class StratumEvents
    {
        private readonly double[] _below;

        public StratumEvents(int[] rank, bool[] events, double[] weight, int start, int end, int distinct)
        {
            _below = new double[distinct + 1];
            for (var k = start; k < end; k++)
            {
                if (events[k]) _below[rank[k] + 1] += weight[k];
            }
            for (var r = 0; r < distinct; r++) _below[r + 1] += _below[r];
        }

        public void Prefetch(int rank) => CachePrefetch.Element(_below, rank);

        /// <summary>The events (their weight sums) with a rank below, equal to and above <paramref name="rank"/>.</summary>
        public (double Lower, double Equal, double Higher) Around(int rank) =>
            (_below[rank], _below[rank + 1] - _below[rank], _below[^1] - _below[rank + 1]);
    }

    /// <param name="net">Cₖ − Dₖ of each position, shared by the parts of a cut sweep (each writes its own positions).</param>
    /// <param name="pairs">Cₖ + Dₖ + Tₖ of each position, shared the same way.</param>
    private sealed class Counts(double[] net, double[] pairs)
    {
        public double Concordant, Discordant, Tied;

        public double[] Net { get; } = net;

        public double[] Pairs { get; } = pairs;

        /// <summary>Adds the totals of the other part of a cut sweep.</summary>
        public void Add(Counts other)
        {
            Concordant += other.Concordant;
            Discordant += other.Discordant;
            Tied += other.Tied;
        }

        /// <summary>The pairs of event k (weight w) with the subjects at risk (their weight sums): totals and k's own counts.</summary>
        public void AddEvent(int k, double w, double concordant, double discordant, double tied)
        {
            Concordant += w * concordant;
            Discordant += w * discordant;
            Tied += w * tied;
            Net[k] += concordant - discordant;
            Pairs[k] += concordant + discordant + tied;
        }

        /// <summary>
        /// <paramref name="sign"/> times k's pairs, as the one at risk, with the stratum's events that are not in the
        /// tree's second count (of which <paramref name="below"/> rank below k, <paramref name="at"/> equal, <paramref name="count"/> in all).
        /// </summary>
        public void AddAtRisk(int k, StratumEvents events, int rank, double below, double at, double count, int sign)
        {
            var (lower, equal, higher) = events.Around(rank);
            lower -= below;
            equal -= at;
            higher -= count - below - at;
            // The events with the higher score are concordant with k.
            Net[k] += sign * (higher - lower);
            Pairs[k] += sign * (higher + lower + equal);
        }

        /// <summary>The same, with the tree's second count read at <paramref name="rank"/>.</summary>
        public void AddAtRisk(int k, StratumEvents events, FenwickTree tree, int rank, int sign)
        {
            var below = tree.Below(rank);
            AddAtRisk(k, events, rank, below.Second, tree.At(rank).Second, tree.Count.Second, sign);
        }
    }
}

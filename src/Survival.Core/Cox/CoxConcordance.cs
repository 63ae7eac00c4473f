using Survival.Core.Numerics;

namespace Survival.Core.Cox;

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
/// The pairs are counted in O(n log D) by one sweep of each stratum's subjects in ascending order of η, with a Fenwick
/// tree over the stratum's D distinct times holding two counts by time: the subjects swept so far, and the events
/// among them. A subject's partners of lower η are then read at its own time: as the event, those swept after its
/// time or censored at it; as the one at risk, the events swept before its time (or at it, when it is censored) —
/// less, with delayed entry, those who entered after the event's time, held in a second tree by entry. Equal η are
/// swept as one group: the partners read before the group joins the tree have the lower η, those read after it the
/// lower or equal, and the stratum's partners of any η (the same reading of the stratum's sums by time, taken once per
/// subject, <see cref="CoxConcordanceClasses"/>) give the higher. The tree is over times, not over the ranks of η,
/// because times repeat (days, or follow-up rounded to a visit) where a linear predictor of continuous covariates
/// hardly ever does, so it is small enough to stay in cache.
/// </para>
/// <para>
/// A large stratum's sweep is cut at a group of η near its middle and the two halves run side by side, each from empty
/// trees: the lower half in ascending η as above, the upper half in descending η, where the partners read before and
/// after a group joins are those of higher and of higher or equal η, and the lower ones are the stratum's less them.
/// Each half writes only its own subjects' counts, and the totals are the sums of the halves'.
/// </para>
/// <para>
/// With case weights a pair counts wᵢ·wⱼ, as R's <c>concordance</c> with weights: the trees hold weight sums, the totals
/// add the event's weight times its partners' sums, a subject's own counts (∂/∂wₖ) are its partners' weight sums, and
/// var(d) = Σₖ wₖ² dₖ².
/// </para>
/// </remarks>
internal static partial class CoxConcordance
{
    /// <summary>How many subjects ahead the sweep prefetches the tree's lines (see <see cref="CachePrefetch"/>).</summary>
    private const int PrefetchDistance = 32;

    /// <summary>A group of equal η of at least 1/8 of the stratum's times reads the trees' prefix sums (<see cref="Trees.Freeze"/>).</summary>
    private const int FrozenGroupShare = 8;

    /// <summary>The smallest stratum whose sweep is cut in two parts run side by side.</summary>
    public const int SplitThreshold = 1 << 15;

    /// <summary>The estimate for linear predictors <paramref name="eta"/> in <paramref name="rows"/>' order; null without comparable pairs.</summary>
    /// <param name="rows">The rows.</param>
    /// <param name="eta">η at every sorted position.</param>
    /// <param name="splitThreshold">The smallest stratum cut in two parts; a test sets it out of reach to sweep in one piece.</param>
    /// <param name="maxScoreLevels">The most distinct η in a stratum counted by level; a test sets 0 to sweep always.</param>
    public static ConcordanceEstimate? Compute(CoxRows rows, double[] eta, int splitThreshold = SplitThreshold, int maxScoreLevels = MaxScoreLevels)
    {
        if (TryByScoreLevel(rows, eta, maxScoreLevels, out var byLevel)) return byLevel;
        var subjects = CoxConcordanceClasses.Gather(rows, eta);
        var counts = new Counts(new double[subjects.Count], new double[subjects.Count]);
        var starts = subjects.StratumStarts;
        for (var s = 0; s + 1 < starts.Length; s++)
        {
            var (start, end) = (starts[s], starts[s + 1]);
            var times = subjects.DistinctTimes[s];
            var cut = Cut(subjects, start, end, splitThreshold);
            if (cut == start)
            {
                Sweep(subjects, start, end, times, descending: false, counts);
                continue;
            }
            var upper = new Counts(counts.Net, counts.Pairs);
            Parallel.Invoke(
                () => Sweep(subjects, start, cut, times, descending: false, counts),
                () => Sweep(subjects, cut, end, times, descending: true, upper));
            counts.Add(upper);
        }
        return ConcordanceVariance.Estimate(counts.Concordant, counts.Discordant, counts.Tied,
            subjects.EntryKnown ? new ConcordanceVariance.Influence(counts.Net, counts.Pairs, subjects.Squares, subjects.Weight, subjects.Cluster, subjects.ClusterCount) : null);
    }

    /// <summary>
    /// Where a large stratum's sweep is cut in two: the first group of η starting at or after half of it; the stratum's
    /// start (no cut) when it is small or its η are all equal.
    /// </summary>
    private static int Cut(CoxConcordanceClasses subjects, int start, int end, int splitThreshold)
    {
        if (end - start < splitThreshold) return start;
        var key = subjects.Key;
        var cut = start + (end - start) / 2;
        while (cut < end && key[cut] == key[cut - 1]) cut++;
        return cut == end ? start : cut;
    }

    /// <summary>
    /// Sweeps [<paramref name="from"/>, <paramref name="end"/>) of one stratum group by group of equal η, cutting none,
    /// from empty trees. In ascending η the partners read before a group joins the trees are those of lower η and
    /// after it of lower or equal η; in descending η they are those of higher and of higher or equal η, which the
    /// stratum's partners of any η less them turn into the lower or equal and the lower.
    /// </summary>
    private static void Sweep(CoxConcordanceClasses subjects, int from, int end, int times, bool descending, Counts counts)
    {
        var trees = Trees.Empty(subjects, times);
        var key = subjects.Key;
        var step = descending ? -1 : 1;
        var (position, stop) = descending ? (end - 1, from - 1) : (from, end);
        var beforeOfGroup = new List<CoxConcordancePartners>();
        while (position != stop)
        {
            var groupEnd = position + step;
            while (groupEnd != stop && key[groupEnd] == key[position]) groupEnd += step;
            if (groupEnd == position + step)
            {
                var ahead = position + step * PrefetchDistance;
                if (ahead >= from && ahead < end) trees.Prefetch(subjects, ahead);
                // Alone in its group, a subject has the same partners before and after it joins.
                var before = trees.Partners(subjects, position);
                CountFromReadings(subjects, position, before, before, descending, counts);
                trees.Add(subjects, position);
                position = groupEnd;
                continue;
            }
            // A group large beside the number of times reads the trees' prefix sums taken once, not the trees per member.
            var frozen = Math.Abs(groupEnd - position) * FrozenGroupShare >= times;
            beforeOfGroup.Clear();
            if (frozen) trees.Freeze();
            for (var k = position; k != groupEnd; k += step) beforeOfGroup.Add(trees.Partners(subjects, k));
            trees.Thaw();
            for (var k = position; k != groupEnd; k += step) trees.Add(subjects, k, frozen);
            if (frozen) trees.Freeze();
            for (var (k, i) = (position, 0); k != groupEnd; k += step, i++)
                CountFromReadings(subjects, k, beforeOfGroup[i], trees.Partners(subjects, k), descending, counts);
            trees.Thaw();
            position = groupEnd;
        }
    }

    /// <summary>Subject k's counts from its partners read before and after its group joined the trees.</summary>
    private static void CountFromReadings(
        CoxConcordanceClasses subjects, int k, CoxConcordancePartners before, CoxConcordancePartners after, bool descending, Counts counts)
    {
        var all = subjects.InStratum(k);
        var (lower, lowerOrEqual) = descending ? (all - after, all - before) : (before, after);
        counts.Set(k, subjects.WeightAt(k), lower, lowerOrEqual, all);
    }

    /// <summary>
    /// The subjects of a stratum by time (the first count all of them, the second the events) and, with delayed entry,
    /// by the number of distinct times after their entry (the first count).
    /// </summary>
    private sealed class Trees(FenwickTree byTime, FenwickTree? byEntry)
    {
        public static Trees Empty(CoxConcordanceClasses subjects, int times) =>
            new(new FenwickTree(times), subjects.Entry is null ? null : new FenwickTree(times + 1));

        private readonly FenwickTree _byTime = byTime;
        private readonly FenwickTree? _byEntry = byEntry;

        /// <summary>While frozen, the trees' prefix sums (<see cref="FenwickTree.PrefixSums"/>); each made once, when first frozen.</summary>
        private double[]? _timePrefixes, _entryPrefixes;

        private bool _frozen;

        /// <summary>Adds subject k; <paramref name="inBulk"/> when many are added before the next reading (<see cref="FenwickTree.AddExact"/>).</summary>
        public void Add(CoxConcordanceClasses subjects, int k, bool inBulk = false)
        {
            var (t, isEvent) = subjects.TimeAt(k);
            var w = subjects.WeightAt(k);
            if (inBulk)
            {
                _byTime.AddExact(t, w, isEvent ? w : 0);
                _byEntry?.AddExact(subjects.Entry![k], subjects.JoinWeightAt(k), 0);
                return;
            }
            _byTime.Add(t, w, isEvent ? w : 0);
            _byEntry?.Add(subjects.Entry![k], subjects.JoinWeightAt(k), 0);
        }

        public void Prefetch(CoxConcordanceClasses subjects, int k) => _byTime.Prefetch(subjects.TimeAt(k).Index);

        /// <summary>Takes the trees' prefix sums, which <see cref="Partners"/> reads until <see cref="Thaw"/>: no member may be added between.</summary>
        public void Freeze()
        {
            _timePrefixes ??= new double[2 * (_byTime.Size + 1)];
            _byTime.PrefixSums(_timePrefixes);
            if (_byEntry is not null)
            {
                _entryPrefixes ??= new double[2 * (_byEntry.Size + 1)];
                _byEntry.PrefixSums(_entryPrefixes);
            }
            _frozen = true;
        }

        public void Thaw() => _frozen = false;

        /// <summary>
        /// Subject k's partners in the trees. Times are indexed from the latest, so a lower index is a later time; the
        /// entry index e counts the distinct times after an entry, so entry ≥ t exactly when t's index ≥ e.
        /// </summary>
        public CoxConcordancePartners Partners(CoxConcordanceClasses subjects, int k)
        {
            var (t, isEvent) = subjects.TimeAt(k);
            return CoxConcordancePartners.Of(isEvent, TimesBelow(t), _byTime.At(t), _byEntry is null ? 0 : EntriesBelow(t + 1),
                _byEntry is null ? _byTime.Count.Second : TimesBelow(subjects.Entry![k]).Events);
        }

        private (double All, double Events) TimesBelow(int t) =>
            _frozen ? (_timePrefixes![2 * t], _timePrefixes[2 * t + 1]) : _byTime.Below(t);

        private double EntriesBelow(int e) => _frozen ? _entryPrefixes![2 * e] : _byEntry!.Below(e).First;
    }

    /// <param name="net">Cₖ − Dₖ of each subject in η order, shared by the parts of a cut sweep (each writes its own).</param>
    /// <param name="pairs">Cₖ + Dₖ + Tₖ of each subject, shared the same way.</param>
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

        /// <summary>Subject k's (weight w) counts (<see cref="PairCounts"/>).</summary>
        public void Set(int k, double w, CoxConcordancePartners lower, CoxConcordancePartners lowerOrEqual, CoxConcordancePartners all)
        {
            var pairs = PairCounts.Of(lower, lowerOrEqual, all);
            Concordant += w * pairs.Concordant;
            Discordant += w * pairs.Discordant;
            Tied += w * pairs.Tied;
            Net[k] = pairs.Net;
            Pairs[k] = pairs.All;
        }
    }

    /// <summary>A member's pairs: as the event, concordant, discordant and tied; and Cₖ − Dₖ and Cₖ + Dₖ + Tₖ as either.</summary>
    private readonly record struct PairCounts(double Concordant, double Discordant, double Tied, double Net, double All)
    {
        /// <summary>
        /// From its partners of lower η, of lower or equal η and of any η (<paramref name="all"/>): as the event,
        /// those of lower η are concordant and those of higher η discordant; as the one at risk, the reverse.
        /// </summary>
        public static PairCounts Of(CoxConcordancePartners lower, CoxConcordancePartners lowerOrEqual, CoxConcordancePartners all)
        {
            var higher = all - lowerOrEqual;
            return new PairCounts(lower.AsEvent, all.AsEvent - lowerOrEqual.AsEvent, lowerOrEqual.AsEvent - lower.AsEvent,
                lower.AsEvent - higher.AsEvent + higher.AsAtRisk - lower.AsAtRisk, all.AsEvent + all.AsAtRisk);
        }
    }
}

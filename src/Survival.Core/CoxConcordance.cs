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
/// The pairs are counted in O(n log D) by one sweep of each stratum's subjects in ascending order of η, with a Fenwick
/// tree over the stratum's D distinct times holding two counts by time: the subjects swept so far, and the events
/// among them. A subject's partners of lower η are then read at its own time: as the event, those swept after its
/// time or censored at it; as the one at risk, the events swept before its time (or at it, when it is censored) —
/// less, with delayed entry, those who entered after the event's time, held in a second tree by entry. Equal η are
/// swept as one group: the partners read before the group joins the tree have the lower η, those read after it the
/// lower or equal, and the stratum's partners of any η (the same reading of a tree holding the whole stratum) give
/// the higher. The tree is over times, not over the ranks of η, because times repeat (days, or follow-up rounded to
/// a visit) where a linear predictor of continuous covariates hardly ever does, so it is small enough to stay in cache.
/// </para>
/// <para>
/// A large stratum's sweep is cut at a group of η near 9/16 of it and the two parts run side by side: the later part
/// starts from the trees the earlier part would leave, built in O(n) from the earlier subjects' times. Each part writes
/// only its own subjects' counts, and the totals are the sums of the parts'.
/// </para>
/// <para>
/// With case weights a pair counts wᵢ·wⱼ, as R's <c>concordance</c> with weights: the trees hold weight sums, the totals
/// add the event's weight times its partners' sums, a subject's own counts (∂/∂wₖ) are its partners' weight sums, and
/// var(d) = Σₖ wₖ² dₖ².
/// </para>
/// </remarks>
internal static class CoxConcordance
{
    /// <summary>How many subjects ahead the sweep prefetches the tree's lines (see <see cref="CachePrefetch"/>).</summary>
    private const int PrefetchDistance = 32;

    /// <summary>The smallest stratum whose sweep is cut in two parts run side by side.</summary>
    public const int SplitThreshold = 1 << 15;

    /// <summary>The estimate for linear predictors <paramref name="eta"/> in <paramref name="sets"/>' order; null without comparable pairs.</summary>
    /// <param name="sets">The subjects.</param>
    /// <param name="eta">η at every sorted position.</param>
    /// <param name="splitThreshold">The smallest stratum cut in two parts; a test sets it out of reach to sweep in one piece.</param>
    public static ConcordanceEstimate? Compute(CoxRiskSets sets, double[] eta, int splitThreshold = SplitThreshold)
    {
        var subjects = CoxConcordanceSubjects.Gather(sets, eta);
        var counts = new Counts(new double[sets.Count], new double[sets.Count]);
        var starts = sets.StratumStarts;
        for (var s = 0; s + 1 < starts.Length; s++)
        {
            var (start, end) = (starts[s], starts[s + 1]);
            var times = subjects.DistinctTimes[s];
            var cut = Cut(subjects, start, end, splitThreshold);
            if (cut == start)
            {
                Sweep(subjects, start, end, Trees.Empty(subjects, times), counts);
                continue;
            }
            var later = new Counts(counts.Net, counts.Pairs);
            Parallel.Invoke(
                () => Sweep(subjects, start, cut, Trees.Empty(subjects, times), counts),
                () => Sweep(subjects, cut, end, Trees.Of(subjects, start, cut, times), later));
            counts.Add(later);
        }
        return ConcordanceVariance.Estimate(counts.Concordant, counts.Discordant, counts.Tied, counts.Net, counts.Pairs,
            subjects.Weight is { } w ? w.Select(x => x * x).ToArray() : []);
    }

    /// <summary>
    /// Where a large stratum's sweep is cut in two: the first group of η starting at or after 9/16 of it, the earlier
    /// part a little the larger since the later one first builds its trees from the subjects before the cut; the
    /// stratum's start (no cut) when it is small or its η are all equal.
    /// </summary>
    private static int Cut(CoxConcordanceSubjects subjects, int start, int end, int splitThreshold)
    {
        if (end - start < splitThreshold) return start;
        var key = subjects.Key;
        var cut = start + (int)((end - start) * 9L / 16);
        while (cut < end && key[cut] == key[cut - 1]) cut++;
        return cut == end ? start : cut;
    }

    /// <summary>
    /// Sweeps [<paramref name="from"/>, <paramref name="end"/>) of one stratum in ascending η, cutting no group of equal
    /// η, from <paramref name="trees"/> as the subjects before them left it.
    /// </summary>
    private static void Sweep(CoxConcordanceSubjects subjects, int from, int end, Trees trees, Counts counts)
    {
        var key = subjects.Key;
        var lowerOfGroup = new List<CoxConcordancePartners>();
        var position = from;
        while (position < end)
        {
            var groupEnd = position + 1;
            while (groupEnd < end && key[groupEnd] == key[position]) groupEnd++;
            if (groupEnd - position == 1)
            {
                if (position + PrefetchDistance < end) trees.Prefetch(subjects, position + PrefetchDistance);
                // Alone in its group, a subject has the same partners of lower or equal η as of lower η.
                var lower = trees.Partners(subjects, position);
                counts.Set(position, subjects.WeightAt(position), lower, lower, subjects.InStratum(position));
                trees.Add(subjects, position);
                position = groupEnd;
                continue;
            }
            lowerOfGroup.Clear();
            for (var k = position; k < groupEnd; k++) lowerOfGroup.Add(trees.Partners(subjects, k));
            for (var k = position; k < groupEnd; k++) trees.Add(subjects, k);
            for (var k = position; k < groupEnd; k++)
            {
                counts.Set(k, subjects.WeightAt(k), lowerOfGroup[k - position], trees.Partners(subjects, k),
                    subjects.InStratum(k));
            }
            position = groupEnd;
        }
    }

    /// <summary>
    /// The subjects of a stratum by time (the first count all of them, the second the events) and, with delayed entry,
    /// by the number of distinct times after their entry (the first count).
    /// </summary>
    private sealed class Trees(FenwickTree byTime, FenwickTree? byEntry)
    {
        public static Trees Empty(CoxConcordanceSubjects subjects, int times) =>
            new(new FenwickTree(times), subjects.Entry is null ? null : new FenwickTree(times + 1));

        /// <summary>The trees holding subjects [<paramref name="from"/>, <paramref name="to"/>), built in O(n).</summary>
        public static Trees Of(CoxConcordanceSubjects subjects, int from, int to, int times)
        {
            var trees = Empty(subjects, times);
            for (var k = from; k < to; k++)
            {
                var (t, isEvent) = subjects.TimeAt(k);
                var w = subjects.WeightAt(k);
                trees._byTime.AddExact(t, w, isEvent ? w : 0);
                trees._byEntry?.AddExact(subjects.Entry![k], w, 0);
            }
            trees._byTime.BuildBlocks();
            trees._byEntry?.BuildBlocks();
            return trees;
        }

        private readonly FenwickTree _byTime = byTime;
        private readonly FenwickTree? _byEntry = byEntry;

        public void Add(CoxConcordanceSubjects subjects, int k)
        {
            var (t, isEvent) = subjects.TimeAt(k);
            var w = subjects.WeightAt(k);
            _byTime.Add(t, w, isEvent ? w : 0);
            _byEntry?.Add(subjects.Entry![k], w, 0);
        }

        public void Prefetch(CoxConcordanceSubjects subjects, int k) => _byTime.Prefetch(subjects.TimeAt(k).Index);

        /// <summary>
        /// Subject k's partners in the trees. Times are indexed from the latest, so a lower index is a later time; the
        /// entry index e counts the distinct times after an entry, so entry ≥ t exactly when t's index ≥ e.
        /// </summary>
        public CoxConcordancePartners Partners(CoxConcordanceSubjects subjects, int k)
        {
            var (t, isEvent) = subjects.TimeAt(k);
            return CoxConcordancePartners.Of(isEvent, _byTime.Below(t), _byTime.At(t), _byEntry?.Below(t + 1).First ?? 0,
                _byEntry is null ? _byTime.Count.Second : _byTime.Below(subjects.Entry![k]).Second);
        }
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

        /// <summary>
        /// Subject k's (weight w) counts from its partners of lower η, of lower or equal η and of any η
        /// (<paramref name="all"/>): as the event, those of lower η are concordant and those of higher η discordant; as
        /// the one at risk, the reverse.
        /// </summary>
        public void Set(int k, double w, CoxConcordancePartners lower, CoxConcordancePartners lowerOrEqual, CoxConcordancePartners all)
        {
            Concordant += w * lower.AsEvent;
            Discordant += w * (all.AsEvent - lowerOrEqual.AsEvent);
            Tied += w * (lowerOrEqual.AsEvent - lower.AsEvent);
            var higher = new CoxConcordancePartners(all.AsEvent - lowerOrEqual.AsEvent, all.AsAtRisk - lowerOrEqual.AsAtRisk);
            Net[k] = lower.AsEvent - higher.AsEvent + higher.AsAtRisk - lower.AsAtRisk;
            Pairs[k] = all.AsEvent + all.AsAtRisk;
        }
    }
}

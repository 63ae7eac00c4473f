namespace Survival.Core;

/// <summary>
/// Harrell's concordance of a Cox model's linear predictor with its infinitesimal-jackknife standard error, as R's
/// <c>coxph()$concordance</c> (survival ≥ 3.0, <c>concordancefit(timewt = "n", reverse = TRUE)</c>).
/// </summary>
/// <remarks>
/// A pair (i, j) is comparable, within a stratum, when i has an event at tᵢ and j is still at risk after it
/// (tⱼ &gt; tᵢ, or tⱼ = tᵢ with j censored); two events at one time are not compared. It is concordant when the
/// subject with the event has the higher risk score η, discordant when lower, tied when equal. With C, D, T those
/// counts and N = C + D + T, Somers' d = (C − D)/N and the concordance is (d + 1)/2 = (C + T/2)/N
/// (Harrell, Califf, Pryor, Lee &amp; Rosati 1982). Its variance is the infinitesimal jackknife: with Cₖ, Dₖ, Tₖ
/// the pairs subject k belongs to, dₖ = (Cₖ − Dₖ)/N − d(Cₖ + Dₖ + Tₖ)/N is ∂d/∂wₖ, var(d) = Σₖ dₖ², and
/// var(C) = var(d)/4 (Therneau &amp; Atkinson, "Concordance", survival package vignette).
/// With case weights a pair counts w_i·w_j, Cₖ etc. are the sums of k's partners' weights and var(d) = Σₖ wₖ² dₖ²,
/// as R's <c>concordance</c> with weights. The pairs are counted in O(n log n) with Fenwick trees over the ranks of η, once from the latest time (each event
/// against those at risk) and once from the earliest (each subject against the earlier events).
/// </remarks>
internal static class CoxConcordance
{
    /// <summary>The estimate for linear predictors <paramref name="eta"/> in <paramref name="sets"/>' order; null without comparable pairs.</summary>
    public static ConcordanceEstimate? Compute(CoxRiskSets sets, double[] eta)
    {
        var n = sets.Count;
        var rank = Ranks(eta, out var distinct);
        var pairs = new PairCounts(n);
        var tree = new FenwickTree(distinct);
        var starts = sets.StratumStarts;
        for (var s = 0; s + 1 < starts.Length; s++)
        {
            CountAsEvent(sets, rank, starts[s], starts[s + 1], tree, pairs);
            tree.Clear();
            CountAsAtRisk(sets, rank, starts[s], starts[s + 1], tree, pairs);
            tree.Clear();
        }

        var total = pairs.Concordant + pairs.Discordant + pairs.Tied;
        if (total == 0) return null;
        var somers = (pairs.Concordant - pairs.Discordant) / total;
        var variance = 0.0;
        for (var k = 0; k < n; k++)
        {
            var influence = (pairs.ConcordantOf[k] - pairs.DiscordantOf[k]) / total -
                            somers / total * (pairs.ConcordantOf[k] + pairs.DiscordantOf[k] + pairs.TiedOf[k]);
            variance += sets.Weight[k] * sets.Weight[k] * influence * influence;
        }
        return new ConcordanceEstimate((somers + 1) / 2, Math.Sqrt(variance / 4), pairs.Concordant, pairs.Discordant, pairs.Tied);
    }

    /// <summary>From the latest time: each event against the subjects at risk after it (or censored at its time).</summary>
    private static void CountAsEvent(CoxRiskSets sets, int[] rank, int start, int end, FenwickTree atRisk, PairCounts pairs)
    {
        var time = sets.Time;
        var events = sets.Event;
        var position = start;
        while (position < end)
        {
            var groupEnd = position;
            while (groupEnd < end && time[groupEnd] == time[position]) groupEnd++;
            for (var k = position; k < groupEnd; k++)
            {
                if (!events[k]) atRisk.Add(rank[k], sets.Weight[k]);
            }
            for (var k = position; k < groupEnd; k++)
            {
                if (!events[k]) continue;
                var lower = atRisk.Below(rank[k]);
                var equal = atRisk.At(rank[k]);
                var higher = atRisk.Count - lower - equal;
                pairs.Add(k, sets.Weight[k], lower, higher, equal);
            }
            for (var k = position; k < groupEnd; k++)
            {
                if (events[k]) atRisk.Add(rank[k], sets.Weight[k]);
            }
            position = groupEnd;
        }
    }

    /// <summary>From the earliest time: each subject against the earlier events (and those at its time when censored).</summary>
    private static void CountAsAtRisk(CoxRiskSets sets, int[] rank, int start, int end, FenwickTree earlierEvents, PairCounts pairs)
    {
        var time = sets.Time;
        var events = sets.Event;
        var position = end - 1;
        while (position >= start)
        {
            var groupStart = position;
            while (groupStart >= start && time[groupStart] == time[position]) groupStart--;
            for (var k = position; k > groupStart; k--)
            {
                if (events[k]) CountAgainstEvents(k, rank, earlierEvents, pairs);
            }
            for (var k = position; k > groupStart; k--)
            {
                if (events[k]) earlierEvents.Add(rank[k], sets.Weight[k]);
            }
            for (var k = position; k > groupStart; k--)
            {
                if (!events[k]) CountAgainstEvents(k, rank, earlierEvents, pairs);
            }
            position = groupStart;
        }
    }

    private static void CountAgainstEvents(int k, int[] rank, FenwickTree events, PairCounts pairs)
    {
        var lower = events.Below(rank[k]);
        var equal = events.At(rank[k]);
        var higher = events.Count - lower - equal;
        // The events with the higher score are concordant with k.
        pairs.AddOther(k, higher, lower, equal);
    }

    private static int[] Ranks(double[] eta, out int distinct)
    {
        var sorted = (double[])eta.Clone();
        Array.Sort(sorted);
        var unique = new List<double>(sorted.Length);
        foreach (var value in sorted)
        {
            if (unique.Count == 0 || unique[^1] != value) unique.Add(value);
        }
        distinct = unique.Count;
        var rank = new int[eta.Length];
        for (var k = 0; k < eta.Length; k++) rank[k] = unique.BinarySearch(eta[k]);
        return rank;
    }

    private sealed class PairCounts(int n)
    {
        public double Concordant, Discordant, Tied;
        public readonly double[] ConcordantOf = new double[n], DiscordantOf = new double[n], TiedOf = new double[n];

        /// <summary>The pairs of event k (weight w) with the subjects at risk (their weight sums): totals and k's own counts.</summary>
        public void Add(int k, double w, double concordant, double discordant, double tied)
        {
            Concordant += w * concordant;
            Discordant += w * discordant;
            Tied += w * tied;
            AddOther(k, concordant, discordant, tied);
        }

        /// <summary>k's share (∂/∂w_k: its partners' weight sums) of pairs already counted in the totals.</summary>
        public void AddOther(int k, double concordant, double discordant, double tied)
        {
            ConcordantOf[k] += concordant;
            DiscordantOf[k] += discordant;
            TiedOf[k] += tied;
        }
    }
}

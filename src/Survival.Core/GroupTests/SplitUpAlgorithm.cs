using MathNet.Numerics.Distributions;

namespace Survival.Core.GroupTests;

/// <summary>
/// The two-sided tail probability of the sum of one group's real-valued scores, exactly, by van de Wiel's (2001)
/// split-up algorithm: the distributions of two halves of the subjects are built and only their pairs are counted,
/// so memory grows as the square root of the shift algorithm's.
/// </summary>
/// <remarks>
/// Split the classes of equal score into halves A and B (N_A and N_B subjects). Drawing m of N at random, h of them
/// fall in A with the hypergeometric chance w_h = C(N_A, h) C(N_B, m − h) / C(N, m), and given h the two halves' sums
/// are independent draws of h from A and m − h from B. With P_A,h and P_B,m−h the halves' distributions (the shift
/// algorithm on each half's classes, <see cref="ShiftAlgorithm.PerCount"/>),
/// <code>
/// P(T ≤ lo or T ≥ hi) = Σ_h w_h Σ_a P_A,h(a) [F_B,m−h(lo − a) + (1 − F_B,m−h(hi − a)⁻)]
/// </code>
/// read by binary search on the cumulative sums of B's sorted list. This is coin's <c>exact(algorithm =
/// "split-up")</c>, which splits subject by subject in data order; splitting classes of tied subjects instead keeps
/// each half's lists to the distinct sums, and the halves are balanced by the product of (class size + 1).
/// </remarks>
internal static class SplitUpAlgorithm
{
    /// <summary>The classes' split: the indices of half A (the rest are B).</summary>
    public static bool[] Halves(int[] sizes)
    {
        var inA = new bool[sizes.Length];
        double a = 0, b = 0;
        foreach (var c in Enumerable.Range(0, sizes.Length).OrderByDescending(c => sizes[c]))
        {
            var weight = Math.Log(sizes[c] + 1.0);
            if (a <= b) { inA[c] = true; a += weight; }
            else b += weight;
        }
        return inA;
    }

    /// <summary>Entries the halves' lists hold at once, for the memory estimate.</summary>
    public static double PeakEntries(double[] scores, int[] sizes, int chosen)
    {
        var (a, b) = Split(scores, sizes);
        return ShiftAlgorithm.PeakEntries(a.Scores, a.Sizes, Math.Min(chosen, a.Sizes.Sum()))
            + ShiftAlgorithm.PeakEntries(b.Scores, b.Sizes, Math.Min(chosen, b.Sizes.Sum()));
    }

    /// <summary>P(T ≤ <paramref name="low"/> or T ≥ <paramref name="high"/>), T the sum of <paramref name="chosen"/> drawn subjects' scores.</summary>
    public static double Tails(double[] scores, int[] sizes, int chosen, double low, double high, CancellationToken cancellationToken)
    {
        var (a, b) = Split(scores, sizes);
        int na = a.Sizes.Sum(), nb = b.Sizes.Sum();
        var left = ShiftAlgorithm.PerCount(a.Scores, a.Sizes, chosen, cancellationToken);
        var right = ShiftAlgorithm.PerCount(b.Scores, b.Sizes, chosen, cancellationToken);
        var split = new Hypergeometric(na + nb, na, chosen);
        var p = 0.0;
        for (var h = Math.Max(0, chosen - nb); h <= Math.Min(chosen, na); h++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (left[h] is not { } first || right[chosen - h] is not { } second) continue;
            var (cumulative, tail) = Cumulative(second.Probabilities);
            var inner = 0.0;
            for (var i = 0; i < first.Sums.Length; i++)
            {
                // P(b ≤ lo − a) + P(b ≥ hi − a).
                var atMost = UpperBound(second.Sums, low - first.Sums[i]);
                var below = LowerBound(second.Sums, high - first.Sums[i]);
                inner += first.Probabilities[i] * (At(cumulative, atMost) + tail[below]);
            }
            p += split.Probability(h) * inner;
        }
        return Math.Min(1, p);
    }

    private static ((double[] Scores, int[] Sizes) A, (double[] Scores, int[] Sizes) B) Split(double[] scores, int[] sizes)
    {
        var inA = Halves(sizes);
        var a = Enumerable.Range(0, sizes.Length).Where(c => inA[c]).ToArray();
        var b = Enumerable.Range(0, sizes.Length).Where(c => !inA[c]).ToArray();
        return (([.. a.Select(c => scores[c])], [.. a.Select(c => sizes[c])]), ([.. b.Select(c => scores[c])], [.. b.Select(c => sizes[c])]));
    }

    /// <summary>The sums of the probabilities up to each entry, and from each entry on (kept apart: 1 − a sum near 1 loses a small tail).</summary>
    private static (double[] Cumulative, double[] Tail) Cumulative(double[] probabilities)
    {
        var cumulative = new double[probabilities.Length];
        var tail = new double[probabilities.Length + 1];
        var sum = 0.0;
        for (var i = 0; i < probabilities.Length; i++) cumulative[i] = sum += probabilities[i];
        sum = 0;
        for (var i = probabilities.Length - 1; i >= 0; i--) tail[i] = sum += probabilities[i];
        return (cumulative, tail);
    }

    /// <summary>The probability of the first <paramref name="count"/> sums.</summary>
    private static double At(double[] cumulative, int count) => count == 0 ? 0 : cumulative[count - 1];

    /// <summary>How many sums are ≤ x.</summary>
    private static int UpperBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>How many sums are &lt; x.</summary>
    private static int LowerBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}

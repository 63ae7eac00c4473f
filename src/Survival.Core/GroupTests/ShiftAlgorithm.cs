using MathNet.Numerics;

namespace Survival.Core.GroupTests;

/// <summary>
/// The exact permutation distribution of the sum of the scores of one group, by the shift algorithm of Streitberg &amp;
/// Röhmel (1986), on the sums that occur rather than on an integer lattice.
/// </summary>
/// <remarks>
/// Relabelling m of a stratum's N subjects as the group is equally likely for each of the C(N, m) choices. With the
/// subjects in classes of equal score v_c and size n_c, choosing j_c from class c has weight Π C(n_c, j_c), so
/// <code>
/// f_c(k, s) = Σ_{j=0}^{n_c} C(n_c, j) f_{c−1}(k − j, s − j v_c)       f_0(0, 0) = 1
/// P(T = s) = f_C(m, s) / C(N, m)
/// </code>
/// which is the shift algorithm's recursion over the polynomial Π_c (1 + x z^{v_c})^{n_c}, one class (not one subject)
/// at a time. Each f_c(k, ·) is kept as the sorted list of the sums that occur, two sums within 1e-12 of the largest
/// possible sum being one; with whole-number scores (Gehan's) the lists are the lattice's, and with real scores they are
/// exact (coin computes those by van de Wiel's split-up algorithm, equal to these within 1e-12). Strata are independent:
/// their distributions are convolved. The lists can grow as C(N, m) with many distinct real scores, so
/// <see cref="PeakEntries"/> bounds their size before any work.
/// </remarks>
internal static class ShiftAlgorithm
{
    /// <summary>The sorted sums that occur and their probabilities.</summary>
    internal sealed record Distribution(double[] Sums, double[] Probabilities);

    /// <summary>The distribution of the sum of the scores of <paramref name="chosen"/> subjects drawn from the classes.</summary>
    public static Distribution Of(double[] scores, int[] sizes, int chosen, CancellationToken cancellationToken) =>
        Normalized(Lists(scores, sizes, chosen, exactly: true, cancellationToken)[chosen]!.Value);

    /// <summary>
    /// The distributions of the sum of k subjects' scores for every k from 0 to <paramref name="largest"/> (null where no
    /// k-subset exists): the split-up algorithm combines these of two halves of the classes.
    /// </summary>
    public static Distribution?[] PerCount(double[] scores, int[] sizes, int largest, CancellationToken cancellationToken) =>
        [.. Lists(scores, sizes, Math.Min(largest, sizes.Sum()), exactly: false, cancellationToken).Select(l => l is { } list ? Normalized(list) : null)];

    private static List<(double[] Sums, double[] Weights)?> Lists(double[] scores, int[] sizes, int chosen, bool exactly, CancellationToken cancellationToken)
    {
        var tolerance = Tolerance(scores, sizes);
        var remaining = sizes.Sum();
        var lists = new List<(double[] Sums, double[] Weights)?> { ([0.0], [1.0]) };
        for (var c = 0; c < scores.Length; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            remaining -= sizes[c];
            var next = new List<(double[] Sums, double[] Weights)?>();
            var top = Math.Min(chosen, lists.Count - 1 + sizes[c]);
            for (var k = 0; k <= top; k++)
            {
                // A count that can no longer reach `chosen` with the classes left is dropped.
                if (exactly && k + remaining < chosen) { next.Add(null); continue; }
                double[]? sums = null, weights = null;
                for (var j = 0; j <= Math.Min(sizes[c], k); j++)
                {
                    if (k - j >= lists.Count || lists[k - j] is not { } from) continue;
                    var factor = SpecialFunctions.Binomial(sizes[c], j);
                    (sums, weights) = sums is null
                        ? Shifted(from, j * scores[c], factor)
                        : Merge(sums, weights!, from, j * scores[c], factor, tolerance);
                }
                next.Add(sums is null ? null : (sums, weights!));
            }
            lists = Rescaled(next);
        }
        return lists;
    }

    private static Distribution Normalized((double[] Sums, double[] Weights) list)
    {
        var total = list.Weights.Sum();
        return new Distribution(list.Sums, [.. list.Weights.Select(w => w / total)]);
    }

    /// <summary>The distribution of the sum of independent sums (one per stratum).</summary>
    public static Distribution Convolve(Distribution a, Distribution b, double tolerance)
    {
        var pairs = new (double Sum, double Probability)[a.Sums.Length * b.Sums.Length];
        var i = 0;
        for (var x = 0; x < a.Sums.Length; x++)
            for (var y = 0; y < b.Sums.Length; y++) pairs[i++] = (a.Sums[x] + b.Sums[y], a.Probabilities[x] * b.Probabilities[y]);
        Array.Sort(pairs, (l, r) => l.Sum.CompareTo(r.Sum));
        var sums = new List<double>();
        var probabilities = new List<double>();
        foreach (var (sum, probability) in pairs)
        {
            if (sums.Count > 0 && sum - sums[^1] <= tolerance) probabilities[^1] += probability;
            else { sums.Add(sum); probabilities.Add(probability); }
        }
        return new Distribution([.. sums], [.. probabilities]);
    }

    /// <summary>Within this, two sums are the same sum: 1e-12 of the largest sum a relabelling can reach.</summary>
    public static double Tolerance(double[] scores, int[] sizes)
    {
        var scale = 0.0;
        for (var c = 0; c < scores.Length; c++) scale += sizes[c] * Math.Abs(scores[c]);
        return 1e-12 * Math.Max(scale, 1);
    }

    /// <summary>
    /// An upper bound on the entries the lists hold at once: per count k, the fewer of the distinct ways to fill k from
    /// the classes and, when the scores lie on a lattice of step 1/f (f = 1, 2, 10, …, 10⁵, as coin looks for), the
    /// lattice points between the smallest and largest sums of k scores.
    /// </summary>
    public static double PeakEntries(double[] scores, int[] sizes, int chosen)
    {
        var step = LatticeStep(scores);
        var spread = scores.Length == 0 ? 0 : scores.Max() - scores.Min();
        var ways = new double[chosen + 1];
        ways[0] = 1;
        var peak = 1.0;
        for (var c = 0; c < scores.Length; c++)
        {
            for (var k = chosen; k >= 1; k--)
            {
                var sum = 0.0;
                for (var j = 0; j <= Math.Min(sizes[c], k); j++) sum += ways[k - j];
                ways[k] = Math.Min(sum, 1e18);
            }
            var stage = 0.0;
            for (var k = 0; k <= chosen; k++)
                stage += step is { } s ? Math.Min(ways[k], k * spread / s + 1) : ways[k];
            peak = Math.Max(peak, stage);
        }
        return peak;
    }

    private static double? LatticeStep(double[] scores)
    {
        foreach (var factor in (double[])[1, 2, 10, 100, 1000, 1e4, 1e5])
        {
            if (scores.All(v => Math.Abs(Math.Round(v * factor) - v * factor) < 1.4901161193847656e-8)) return 1 / factor;
        }
        return null;
    }

    private static (double[] Sums, double[] Weights) Shifted((double[] Sums, double[] Weights) from, double shift, double factor)
    {
        var sums = new double[from.Sums.Length];
        var weights = new double[from.Sums.Length];
        for (var i = 0; i < sums.Length; i++)
        {
            sums[i] = from.Sums[i] + shift;
            weights[i] = from.Weights[i] * factor;
        }
        return (sums, weights);
    }

    /// <summary>Merges a sorted list with another shifted and scaled, adding the weights of equal sums.</summary>
    private static (double[] Sums, double[] Weights) Merge(
        double[] sums, double[] weights, (double[] Sums, double[] Weights) other, double shift, double factor, double tolerance)
    {
        var outSums = new double[sums.Length + other.Sums.Length];
        var outWeights = new double[outSums.Length];
        int a = 0, b = 0, n = 0;
        while (a < sums.Length || b < other.Sums.Length)
        {
            double sum, weight;
            if (b >= other.Sums.Length || (a < sums.Length && sums[a] <= other.Sums[b] + shift))
                (sum, weight) = (sums[a], weights[a++]);
            else
                (sum, weight) = (other.Sums[b] + shift, other.Weights[b++] * factor);
            if (n > 0 && sum - outSums[n - 1] <= tolerance) outWeights[n - 1] += weight;
            else { outSums[n] = sum; outWeights[n++] = weight; }
        }
        return (outSums[..n], outWeights[..n]);
    }

    /// <summary>Keeps the weights within range: binomial products reach C(N, m), which overflows past N ≈ 1000.</summary>
    private static List<(double[] Sums, double[] Weights)?> Rescaled(List<(double[] Sums, double[] Weights)?> lists)
    {
        var largest = 0.0;
        foreach (var list in lists)
            if (list is { } l) foreach (var w in l.Weights) largest = Math.Max(largest, w);
        if (largest < 1e200) return lists;
        foreach (var list in lists)
            if (list is { } l) for (var i = 0; i < l.Weights.Length; i++) l.Weights[i] /= largest;
        return lists;
    }
}

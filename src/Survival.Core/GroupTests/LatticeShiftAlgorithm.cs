using System.Numerics;

namespace Survival.Core.GroupTests;

/// <summary>
/// The exact permutation distribution of the sum of one group's scores when the scores lie on a lattice of step 1/f
/// (Gehan's whole numbers; f = 1, 2, 10, …, 10⁵ as coin's <c>is_integer</c> looks for): Streitberg &amp; Röhmel's
/// (1986) shift algorithm on dense arrays indexed by the integer sum.
/// </summary>
/// <remarks>
/// With the integer scores v_i = f a_i − min, P_i(k, s), the chance that k subjects drawn at random from the first i
/// sum to s, follows one subject at a time:
/// <code>
/// P_i(k, s) = (i − k)/i · P_{i−1}(k, s) + k/i · P_{i−1}(k − 1, s − v_i)          P_0(0, 0) = 1
/// </code>
/// which is the shift algorithm's recursion for the coefficients of Π_i (1 + x z^{v_i}) divided by C(i, k), so it
/// stays within [0, 1] for any number of subjects. Row k holds only the sums k subjects can reach, from the k smallest
/// scores to the k largest; rows are updated from the largest k down in place, each as a scaled copy plus a shifted,
/// scaled copy of the row below (two vector kernels), and only over the sums reached so far. Rows that can no longer
/// reach the group's size are left behind. The smaller group is the one drawn: the other's sum is the total minus it.
/// </remarks>
internal static class LatticeShiftAlgorithm
{
    /// <summary>The distribution of an integer sum: P(Σ v = Offset + s) = Probabilities[s].</summary>
    internal sealed record Distribution(long Offset, double[] Probabilities);

    /// <summary>The lattice factor f of the scores (1, 2, 10, …, 10⁵; coin's tolerance √ε), or null when there is none.</summary>
    public static int? Factor(IEnumerable<double> scores)
    {
        var values = scores as double[] ?? [.. scores];
        foreach (var factor in (int[])[1, 2, 10, 100, 1000, 10_000, 100_000])
        {
            if (values.All(v => Math.Abs(Math.Round(v * factor) - v * factor) < 1.4901161193847656e-8)) return factor;
        }
        return null;
    }

    /// <summary>The cells the rows hold: Σ_k (largest sum of k − smallest sum of k + 1), for the memory estimate.</summary>
    public static double Cells(long[] values, int chosen)
    {
        var sorted = values.Order().ToArray();
        double cells = 1, low = 0, high = 0;
        for (var k = 1; k <= chosen; k++)
        {
            low += sorted[k - 1];
            high += sorted[^k];
            cells += high - low + 1;
        }
        return cells;
    }

    /// <summary>The distribution of the sum of <paramref name="chosen"/> of the integer <paramref name="values"/>, each drawn equally likely.</summary>
    public static Distribution Of(long[] values, int chosen, CancellationToken cancellationToken)
    {
        var n = values.Length;
        var minimum = values.Length == 0 ? 0 : values.Min();
        var v = values.Select(x => (int)(x - minimum)).ToArray();
        var sorted = v.Order().ToArray();
        // Row k spans the sums [low_k, high_k] of every k-subset.
        var low = new long[chosen + 1];
        var high = new long[chosen + 1];
        for (var k = 1; k <= chosen; k++)
        {
            low[k] = low[k - 1] + sorted[k - 1];
            high[k] = high[k - 1] + sorted[^k];
        }
        var rows = new double[chosen + 1][];
        for (var k = 0; k <= chosen; k++) rows[k] = new double[high[k] - low[k] + 1];
        // The sums reached so far in each row, absolute; empty when from > to.
        var from = new long[chosen + 1];
        var to = new long[chosen + 1];
        Array.Fill(from, long.MaxValue);
        Array.Fill(to, long.MinValue);
        rows[0][0] = 1;
        (from[0], to[0]) = (0, 0);

        for (var i = 1; i <= n; i++)
        {
            if ((i & 15) == 0) cancellationToken.ThrowIfCancellationRequested();
            var shift = v[i - 1];
            var top = Math.Min(i, chosen);
            // A row k with k + (n − i) < chosen cannot reach the group's size any more.
            var bottom = Math.Max(1, chosen - (n - i));
            for (var k = top; k >= bottom; k--)
            {
                double stay = (double)(i - k) / i, take = (double)k / i;
                var row = rows[k];
                if (from[k] <= to[k]) Scale(row.AsSpan((int)(from[k] - low[k]), (int)(to[k] - from[k] + 1)), stay);
                if (from[k - 1] > to[k - 1]) continue;
                var start = from[k - 1] + shift;
                var length = (int)(to[k - 1] - from[k - 1] + 1);
                AddScaled(rows[k - 1].AsSpan((int)(from[k - 1] - low[k - 1]), length), row.AsSpan((int)(start - low[k]), length), take);
                from[k] = Math.Min(from[k], start);
                to[k] = Math.Max(to[k], start + length - 1);
            }
            // Rows below the bottom are no longer read once the next row up has moved past them.
            if (bottom >= 2) rows[bottom - 2] = [];
        }
        var final = rows[chosen];
        var offset = low[chosen] + chosen * minimum;
        return new Distribution(offset, final);
    }

    /// <summary>The distribution of the sum of two independent lattice sums.</summary>
    public static Distribution Convolve(Distribution a, Distribution b)
    {
        var result = new double[a.Probabilities.Length + b.Probabilities.Length - 1];
        for (var x = 0; x < a.Probabilities.Length; x++)
        {
            var weight = a.Probabilities[x];
            if (weight == 0) continue;
            AddScaled(b.Probabilities, result.AsSpan(x, b.Probabilities.Length), weight);
        }
        return new Distribution(a.Offset + b.Offset, result);
    }

    /// <summary>row ← row · factor.</summary>
    private static void Scale(Span<double> row, double factor)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var f = new Vector<double>(factor);
            for (; i <= row.Length - Vector<double>.Count; i += Vector<double>.Count)
                (new Vector<double>(row[i..]) * f).CopyTo(row[i..]);
        }
        for (; i < row.Length; i++) row[i] *= factor;
    }

    /// <summary>target ← target + source · factor.</summary>
    private static void AddScaled(ReadOnlySpan<double> source, Span<double> target, double factor)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var f = new Vector<double>(factor);
            for (; i <= source.Length - Vector<double>.Count; i += Vector<double>.Count)
                (new Vector<double>(target[i..]) + new Vector<double>(source[i..]) * f).CopyTo(target[i..]);
        }
        for (; i < source.Length; i++) target[i] += source[i] * factor;
    }
}

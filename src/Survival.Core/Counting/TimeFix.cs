using Survival.Core.Curves;

namespace Survival.Core.Counting;

/// <summary>
/// Merges distinct times that differ only by floating-point noise, as R's survival package does before every fit
/// (<c>aeqSurv</c>, <c>timefix = TRUE</c>), so that 0.1 + 0.2 and 0.3 are one time here as they are in R.
/// </summary>
/// <remarks>
/// With y₁ &lt; y₂ &lt; … the distinct times of the data a fit sees and ε = sqrt(machine epsilon) ≈ 1.49e-8,
/// consecutive times are tied when y_{k+1} − y_k ≤ ε or (y_{k+1} − y_k) / mean|y| ≤ ε; every time in a run of tied
/// times becomes the run's first. The rule reads only the sorted distinct times, so it is applied to event tables
/// after their one sort, at no further sorting cost.
/// </remarks>
internal static class TimeFix
{
    public const double Tolerance = SurvivalQuantile.Tolerance;

    /// <summary>
    /// The first time of every run of tied times among the union of <paramref name="tables"/>' times, or null when
    /// no two distinct times are tied (the usual case).
    /// </summary>
    public static double[]? RunStarts(IReadOnlyList<EventTable> tables) => RunStartsOfDistinct(SortedUnion(tables));

    /// <summary>The first time of every run of tied times among <paramref name="distinct"/> (sorted, distinct); null when none are tied.</summary>
    public static double[]? RunStartsOfDistinct(double[] distinct)
    {
        if (distinct.Length < 2) return null;

        // Each term divided first, so that times near double's maximum cannot overflow the sum.
        var mean = 0.0;
        foreach (var y in distinct) mean += Math.Abs(y) / distinct.Length;

        if (!AnyTied(distinct, mean)) return null;
        var starts = new List<double>(distinct.Length) { distinct[0] };
        for (var k = 1; k < distinct.Length; k++)
        {
            if (!Tied(distinct[k - 1], distinct[k], mean)) starts.Add(distinct[k]);
        }
        return [.. starts];
    }

    /// <summary>The run start a time belongs to: the largest start not above it.</summary>
    public static double RunStartOf(double[] starts, double time)
    {
        var index = Array.BinarySearch(starts, time);
        return starts[index >= 0 ? index : ~index - 1];
    }

    private static bool AnyTied(double[] distinct, double mean)
    {
        for (var k = 1; k < distinct.Length; k++)
        {
            if (Tied(distinct[k - 1], distinct[k], mean)) return true;
        }
        return false;
    }

    private static bool Tied(double earlier, double later, double meanAbsolute)
    {
        var gap = later - earlier;
        return gap <= Tolerance || gap / meanAbsolute <= Tolerance;
    }

    private static double[] SortedUnion(IReadOnlyList<EventTable> tables)
    {
        var union = tables[0].Times;
        for (var t = 1; t < tables.Count; t++) union = MergeDistinct(union, tables[t].Times);
        return union;
    }

    /// <summary>The sorted union of two sorted arrays of distinct values.</summary>
    public static double[] MergeDistinct(double[] a, double[] b)
    {
        var merged = new double[a.Length + b.Length];
        int i = 0, j = 0, count = 0;
        while (i < a.Length || j < b.Length)
        {
            var next = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i++] : b[j++];
            if (count == 0 || merged[count - 1] != next) merged[count++] = next;
        }
        return merged[..count];
    }
}

using System.Globalization;

namespace Survival.Plotting;

/// <summary>Tick positions: round steps, and labels without spurious digits.</summary>
internal static class AxisTicks
{
    /// <summary>Above this many ticks the labels and the risk table's columns cannot be read.</summary>
    public const int MaxTicks = 41;

    private const int PreferredIntervals = 5;

    /// <summary>
    /// A step of 1, 2, 2.5 or 5 times a power of ten that divides <paramref name="span"/> into about five intervals;
    /// between two equally close, the larger, so the risk table stays uncrowded.
    /// </summary>
    public static double NiceStep(double span)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(span / PreferredIntervals)));
        double[] multipliers = [1, 2, 2.5, 5, 10];
        return multipliers
            .Select(m => m * magnitude)
            .OrderBy(step => Math.Abs(Intervals(span, step) - PreferredIntervals))
            .ThenByDescending(step => step)
            .First();
    }

    /// <summary>The multiples of <paramref name="step"/> from <paramref name="min"/> to <paramref name="max"/> inclusive.</summary>
    public static double[] Multiples(double min, double max, double step)
    {
        var first = Math.Ceiling(min / step - Tolerance);
        var last = Math.Floor(max / step + Tolerance);
        var count = (int)(last - first) + 1;
        // Rounding to 10 significant digits keeps 0.1 × 3 from becoming 0.30000000000000004.
        return Enumerable.Range(0, count).Select(i => Round((first + i) * step)).ToArray();
    }

    /// <summary>The smallest multiple of <paramref name="step"/> at or above <paramref name="value"/>.</summary>
    public static double NextMultiple(double value, double step) => Round(Math.Ceiling(value / step - Tolerance) * step);

    /// <summary>
    /// Tick labels with as many decimals as the step needs, the same for every tick (0.0, 0.5, 1.0 rather than
    /// 0, 0.5, 1), in the invariant culture.
    /// </summary>
    public static string[] Labels(IEnumerable<double> ticks, double step)
    {
        var decimals = Enumerable.Range(0, 11).First(d => d == 10 || Math.Abs(Math.Round(step, d) - step) <= Tolerance * step);
        return ticks.Select(t => Round(t).ToString("F" + decimals, CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>The number of ticks <paramref name="step"/> gives between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public static double Count(double min, double max, double step) =>
        Math.Floor(max / step + Tolerance) - Math.Ceiling(min / step - Tolerance) + 1;

    private const double Tolerance = 1e-9;

    private static double Intervals(double span, double step) => Math.Floor(span / step + Tolerance);

    private static double Round(double value) =>
        value == 0 ? 0 : Math.Round(value, Math.Clamp(9 - (int)Math.Floor(Math.Log10(Math.Abs(value))), 0, 15));
}

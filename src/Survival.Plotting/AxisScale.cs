using System.Globalization;

namespace Survival.Plotting;

/// <summary>One axis: the range it spans and its labelled ticks.</summary>
/// <param name="Min">The smallest value the axis must show.</param>
/// <param name="Max">The largest value the axis must show.</param>
/// <param name="Ticks">Tick positions, increasing.</param>
/// <param name="Labels">The label of each tick.</param>
internal sealed record AxisScale(double Min, double Max, double[] Ticks, string[] Labels)
{
    /// <summary>
    /// The time axis: from <see cref="PlotOptions.XMin"/> (0) to <see cref="PlotOptions.XMax"/> or, by default,
    /// the last observed time, stretched to the next tick when that is within a quarter step, so that an axis
    /// ending at 999 ends at the round 1000 instead.
    /// </summary>
    public static AxisScale Time(IReadOnlyList<PlotSeries> series, PlotOptions options)
    {
        var min = options.XMin ?? 0;
        var max = options.XMax ?? series.Max(s => s.Curve.LastTime);
        // Every subject's time can be 0; an axis still needs some width.
        if (max <= min) max = min + 1;
        var step = options.XTickStep ?? AxisTicks.NiceStep(max - min);
        if (options.XMax is null)
        {
            var next = AxisTicks.NextMultiple(max, step);
            if (next - max <= step / 4) max = next;
        }
        var ticks = AxisTicks.Multiples(min, max, step);
        return new AxisScale(min, max, ticks, AxisTicks.Labels(ticks, step));
    }

    /// <summary>
    /// The y axis: [0, 1] in quarters for probabilities, labelled as proportions or percentages; for the cumulative
    /// hazard, from 0 to the first round tick at or above the largest value.
    /// </summary>
    public static AxisScale Value(CurveKind kind, ProbabilityScale scale, double largestValue)
    {
        if (CurveProjection.IsProbability(kind))
        {
            double[] quarters = [0, 0.25, 0.5, 0.75, 1];
            var labels = scale == ProbabilityScale.Percent
                ? quarters.Select(q => (q * 100).ToString("0", CultureInfo.InvariantCulture) + "%")
                : quarters.Select(q => q.ToString("0.00", CultureInfo.InvariantCulture));
            return new AxisScale(0, 1, quarters, labels.ToArray());
        }

        var top = largestValue > 0 ? largestValue : 1;
        var step = AxisTicks.NiceStep(top);
        var max = AxisTicks.NextMultiple(top, step);
        var ticks = AxisTicks.Multiples(0, max, step);
        return new AxisScale(0, max, ticks, AxisTicks.Labels(ticks, step));
    }
}

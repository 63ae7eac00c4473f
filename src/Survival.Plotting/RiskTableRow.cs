using ScottPlot;

namespace Survival.Plotting;

/// <summary>
/// One line of the risk table: a heading (no counts, written from the figure's left edge) or a row of counts, one per
/// x-axis tick, named in the margin left of the plot.
/// </summary>
/// <param name="Label">The heading or the row's name.</param>
/// <param name="Color">The colour of the label; a group's colour ties its rows to its curve.</param>
/// <param name="Bold">Whether the label is bold: headings and group names are, KMunicate's row names are not.</param>
/// <param name="Counts">The counts per tick; null for a heading.</param>
internal sealed record RiskTableRow(string Label, Color Color, bool Bold, IReadOnlyList<int>? Counts)
{
    /// <summary>Whether this line is a heading.</summary>
    public bool IsHeading => Counts is null;

    /// <summary>
    /// The rows of <paramref name="style"/> for every group at every tick; series that share a risk-table label (the
    /// competing causes of one group) share one group of rows, in the group's colour.
    /// </summary>
    public static IReadOnlyList<RiskTableRow> For(
        RiskTableStyle style, IReadOnlyList<PlotSeries> allSeries, IReadOnlyList<SeriesStyle> allStyles, IReadOnlyList<double> ticks)
    {
        var rows = new List<RiskTableRow>();
        var groups = allSeries.Select((s, i) => (Label: s.GroupLabel, Series: s, Style: allStyles[i]))
            .DistinctBy(g => g.Label)
            .ToArray();
        var series = groups.Select(g => g.Series with { Label = g.Label }).ToArray();
        var styles = groups.Select(g => g.Style).ToArray();
        switch (style)
        {
            case RiskTableStyle.None:
                break;
            case RiskTableStyle.AtRisk:
                // Interval-censored subjects are counted while still assessed, whether or not their event has happened unseen.
                rows.Add(new RiskTableRow(allSeries.Any(s => s.IsIntervalCensored) ? "Under observation" : "Number at risk", Typography.Ink, true, null));
                for (var g = 0; g < series.Length; g++)
                    rows.Add(new RiskTableRow(series[g].Label, styles[g].Line, true, Count(ticks, t => RiskCounts.AtRisk(series[g].Curve, t))));
                break;
            case RiskTableStyle.KMunicate:
                for (var g = 0; g < series.Length; g++)
                {
                    var curve = series[g].Curve;
                    rows.Add(new RiskTableRow(series[g].Label, styles[g].Line, true, null));
                    rows.Add(new RiskTableRow(series[g].IsIntervalCensored ? "Under observation" : "At risk", Typography.MutedInk, false, Count(ticks, t => RiskCounts.AtRisk(curve, t))));
                    rows.Add(new RiskTableRow("Censored", Typography.MutedInk, false, Count(ticks, t => RiskCounts.CensoredThrough(curve, t))));
                    rows.Add(new RiskTableRow("Events", Typography.MutedInk, false, Count(ticks, t => RiskCounts.EventsThrough(curve, t))));
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(style), style, "unknown risk table style");
        }
        return rows;
    }

    private static int[] Count(IReadOnlyList<double> ticks, Func<double, int> count) => ticks.Select(count).ToArray();
}

using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Survival.Plotting;

/// <summary>
/// Draws a forest plot of a Cox model: one row per coefficient with its hazard ratio and interval on a log axis,
/// the estimate, interval and p-value printed on the right, and factor reference levels named. PNG or SVG in the
/// bundled font; the same input always gives byte-identical output.
/// </summary>
public static class ForestPlotRenderer
{
    private const int DefaultWidth = 900;
    private const int RowHeight = 30;
    private const int Frame = 150;
    private static readonly double[] NiceRatios = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100];

    /// <summary>Renders the rows top to bottom.</summary>
    /// <param name="rows">At least one row; estimates, when present, finite and positive.</param>
    /// <param name="options">Format, size, title and font scale (the other options do not apply).</param>
    /// <param name="confLevel">The intervals' level, for the header.</param>
    /// <param name="headers">The column headers and axis label; a Cox model's when null.</param>
    /// <exception cref="ArgumentException">No rows, or an estimate that is not a finite positive number.</exception>
    public static RenderedImage Render(IReadOnlyList<ForestRow> rows, PlotOptions options, double confLevel, ForestHeaders? headers = null)
    {
        headers ??= ForestHeaders.Cox;
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        if (rows.Count == 0) throw new ArgumentException("a forest plot needs at least one row", nameof(rows));
        foreach (var row in rows)
        {
            foreach (var value in new[] { row.HazardRatio, row.Lower, row.Upper, row.Prediction?.Lower, row.Prediction?.Upper })
            {
                if (value is { } v && !(double.IsFinite(v) && v > 0))
                    throw new ArgumentException($"row '{row.Label}' has a hazard ratio or limit that is not a finite positive number", nameof(rows));
            }
        }

        BundledFont.EnsureRegistered();
        var type = new Typography(options.FontScale > 0 ? options.FontScale : 1);
        using var plot = new Plot();
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.HideGrid();

        var n = rows.Count;
        var positions = Enumerable.Range(0, n).Select(i => (double)(n - 1 - i)).ToArray();
        var estimated = rows.Where(r => r.HazardRatio is not null).ToArray();
        var lows = estimated.Select(r => Math.Log(Math.Min(r.Lower ?? r.HazardRatio!.Value, r.Prediction?.Lower ?? double.MaxValue))).Append(0.0).ToArray();
        var highs = estimated.Select(r => Math.Log(Math.Max(r.Upper ?? r.HazardRatio!.Value, r.Prediction?.Upper ?? 0))).Append(0.0).ToArray();
        var (min, max) = (lows.Min(), highs.Max());
        var ticks = NiceRatios.Where(t => Math.Log(t) >= min - 0.4 && Math.Log(t) <= max + 0.4).ToArray();
        var pad = Math.Max(0.1, (max - min) * 0.06);

        var reference = plot.Add.VerticalLine(0);
        reference.LineColor = Typography.MutedInk;
        reference.LinePattern = LinePattern.Dashed;
        reference.LineWidth = 1;
        var ink = Color.FromHex("#0072B2");
        var heaviest = rows.Max(r => r.WeightPercent ?? 0);
        for (var i = 0; i < n; i++)
        {
            var row = rows[i];
            if (row.HazardRatio is not { } ratio) continue;
            if (row.IsSummary)
            {
                AddDiamond(plot, row, positions[i], ink);
                continue;
            }
            if (row.Lower is { } lower && row.Upper is { } upper)
            {
                var interval = plot.Add.Line(Math.Log(lower), positions[i], Math.Log(upper), positions[i]);
                interval.LineColor = ink;
                interval.LineWidth = 2;
            }
            // A study's square grows with its weight, as in a meta-analysis's forest plot.
            var size = row.WeightPercent is { } weight && heaviest > 0 ? 6 + 10 * Math.Sqrt(weight / heaviest) : 10;
            var marker = plot.Add.Marker(Math.Log(ratio), positions[i], MarkerShape.FilledSquare, (float)size, ink);
            marker.MarkerLineColor = ink;
        }

        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left, plot.Axes.Right })
        {
            axis.FrameLineStyle.Width = 0;
            axis.MajorTickStyle.Length = 0;
            axis.MinorTickStyle.Length = 0;
            Typography.Apply(axis.TickLabelStyle, type.TickLabel, Typography.Ink);
            Typography.Apply(axis.Label, type.AxisLabel, Typography.Ink);
        }
        plot.Axes.Bottom.FrameLineStyle.Width = 1;
        plot.Axes.Bottom.FrameLineStyle.Color = Typography.Ink;
        plot.Axes.Bottom.MajorTickStyle.Length = 5;
        plot.Axes.Bottom.MajorTickStyle.Color = Typography.Ink;
        plot.Axes.Bottom.TickGenerator = new NumericManual(ticks.Select(t => Math.Log(t)).ToArray(), ticks.Select(Format).ToArray());
        plot.Axes.Bottom.Label.Text = headers.Axis;
        // A header line above the first row names the columns.
        var labelled = positions.Append(n).ToArray();
        plot.Axes.Left.TickGenerator = new NumericManual(labelled, [.. rows.Select(r => r.Label), headers.Label]);
        plot.Axes.Left.Label.Text = "";
        var level = (confLevel * 100).ToString("0.##", CultureInfo.InvariantCulture);
        plot.Axes.Right.TickGenerator = new NumericManual(labelled, [.. rows.Select(Estimate), string.Format(CultureInfo.InvariantCulture, headers.Estimate, level)]);
        plot.Axes.Right.Label.Text = "";
        plot.Axes.Top.FrameLineStyle.Width = 0;
        plot.Axes.Top.MinimumSize = plot.Axes.Top.MaximumSize = type.TickLabel;
        if (!string.IsNullOrWhiteSpace(options.Title))
        {
            plot.Axes.Title.Label.Text = options.Title;
            plot.Axes.Title.FullFigureCenter = true;
            Typography.Apply(plot.Axes.Title.Label, type.Title, Typography.Ink, bold: true);
        }

        plot.Axes.SetLimitsX(min - pad, max + pad);
        plot.Axes.SetLimitsY(-0.7, n + 0.4);
        plot.Axes.SetLimitsY(-0.7, n + 0.4, plot.Axes.Right);
        var width = options.Width > 0 ? options.Width : DefaultWidth;
        var height = options.Height > 0 ? options.Height : Frame + RowHeight * (n + 1);
        return FigureEncoder.Encode(plot, width, height, options.Format);
    }

    /// <summary>The pooled estimate's diamond across its interval, and its prediction interval as a thin line through it.</summary>
    private static void AddDiamond(Plot plot, ForestRow row, double y, Color ink)
    {
        if (row.Prediction is { } prediction)
        {
            var line = plot.Add.Line(Math.Log(prediction.Lower), y, Math.Log(prediction.Upper), y);
            line.LineColor = ink;
            line.LineWidth = 1;
        }
        double centre = Math.Log(row.HazardRatio!.Value), low = Math.Log(row.Lower ?? row.HazardRatio.Value), high = Math.Log(row.Upper ?? row.HazardRatio.Value);
        var diamond = plot.Add.Polygon([new(low, y), new(centre, y + 0.3), new(high, y), new(centre, y - 0.3)]);
        diamond.FillColor = ink;
        diamond.LineColor = ink;
    }

    private static string Estimate(ForestRow row) => row.HazardRatio is { } ratio
        ? $"{Number(ratio)} ({(row.Lower is { } l ? Number(l) : "–")} to {(row.Upper is { } u ? Number(u) : "–")})  " +
          (row.WeightPercent is { } w ? $"{w.ToString("0.0", CultureInfo.InvariantCulture)}%  " : "") +
          (row.PValue is { } p ? p < 0.001 ? "p < 0.001" : $"p = {p.ToString("0.000", CultureInfo.InvariantCulture)}" : "") +
          (row.Detail is { } detail ? $"  {detail}" : "")
        : row.Note ?? "";

    private static string Number(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Format(double tick) => tick.ToString("0.##", CultureInfo.InvariantCulture);
}

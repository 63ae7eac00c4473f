using ScottPlot;
using ScottPlot.TickGenerators;

namespace Survival.Plotting;

/// <summary>
/// The frame around the curves, in survminer's classic look: an L-shaped pair of axes with ticks outside and no grid,
/// the axis labels, the title, and limits with a little air so that no curve sits on the frame.
/// </summary>
internal static class PlotFrame
{
    /// <summary>The least space between any text and the figure's edge, in pixels.</summary>
    public const float Margin = 10;

    /// <summary>Blank space around the data, as a fraction of each axis.</summary>
    private const double DataMargin = 0.025;

    /// <summary>Styles <paramref name="plot"/>'s frame and returns the data area's limits in coordinates.</summary>
    public static Box Style(Plot plot, Typography type, PlotOptions options, AxisScale time, AxisScale value)
    {
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.HideGrid();

        plot.Axes.Top.FrameLineStyle.Width = 0;
        plot.Axes.Right.FrameLineStyle.Width = 0;
        // The empty top axis would otherwise leave a wide gap between the legend and the data.
        plot.Axes.Top.MinimumSize = plot.Axes.Top.MaximumSize = type.TickLabel * 0.5f;
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            axis.FrameLineStyle.Width = 1;
            axis.FrameLineStyle.Color = Typography.Ink;
            axis.MajorTickStyle.Length = 5;
            axis.MajorTickStyle.Width = 1;
            axis.MajorTickStyle.Color = Typography.Ink;
            axis.MinorTickStyle.Length = 0;
            Typography.Apply(axis.TickLabelStyle, type.TickLabel, Typography.Ink);
            Typography.Apply(axis.Label, type.AxisLabel, Typography.Ink);
        }

        plot.Axes.Bottom.TickGenerator = new NumericManual(time.Ticks, time.Labels);
        plot.Axes.Left.TickGenerator = new NumericManual(value.Ticks, value.Labels);
        plot.Axes.Bottom.Label.Text = options.XLabel ?? (string.IsNullOrWhiteSpace(options.TimeUnit) ? "Time (units not given)" : $"Time ({options.TimeUnit})");
        plot.Axes.Left.Label.Text = options.YLabel ?? CurveProjection.AxisLabel(options.CurveKind);
        // Air between the y label and the figure's edge, and room for the last x tick label, centred on the data
        // area's right edge, to show whole.
        ((ScottPlot.AxisPanels.AxisBase)plot.Axes.Left).PaddingOutsideAxisLabels = new PixelPadding(Margin);
        using var paint = Paint.NewDisposablePaint();
        plot.Axes.Right.MinimumSize = plot.Axes.Bottom.TickLabelStyle.Measure(time.Labels[^1], paint).Width / 2 + Margin;

        if (!string.IsNullOrWhiteSpace(options.Title))
        {
            plot.Axes.Title.Label.Text = options.Title;
            plot.Axes.Title.FullFigureCenter = true;
            Typography.Apply(plot.Axes.Title.Label, type.Title, Typography.Ink, bold: true);
        }

        var xPad = (time.Max - time.Min) * DataMargin;
        var yPad = (value.Max - value.Min) * DataMargin;
        var limits = new Box(time.Min - xPad, time.Max + xPad, value.Min - yPad, value.Max + yPad);
        plot.Axes.SetLimits(limits.Left, limits.Right, limits.Bottom, limits.Top);
        return limits;
    }
}

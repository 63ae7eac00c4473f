using ScottPlot;

namespace Survival.Plotting;

/// <summary>
/// The risk table, drawn by ScottPlot as a panel below the x axis. Each count is centred on its tick's pixel,
/// computed by the x axis itself, so the columns line up with the ticks exactly.
/// </summary>
internal sealed class RiskTablePanel(IReadOnlyList<RiskTableRow> rows, IReadOnlyList<double> ticks, float fontSize) : IPanel
{
    private readonly LabelStyle count = Typography.Label(fontSize, Typography.Ink, alignment: Alignment.MiddleCenter);

    private float RowHeight => fontSize * 1.55f;
    private float GapAboveTable => fontSize * 0.9f;
    private float GapBelowTable => fontSize;
    private float LabelGap => fontSize * 0.9f;

    /// <inheritdoc/>
    public bool IsVisible { get; set; } = true;

    /// <inheritdoc/>
    public Edge Edge => Edge.Bottom;

    /// <inheritdoc/>
    public bool ShowDebugInformation { get; set; }

    /// <inheritdoc/>
    public float MinimumSize { get; set; }

    /// <inheritdoc/>
    public float MaximumSize { get; set; } = float.MaxValue;

    /// <summary>The width left of the plot that the row names need, measured in the bundled font.</summary>
    public float LeftMarginNeeded()
    {
        using var paint = Paint.NewDisposablePaint();
        var widest = rows.Where(r => !r.IsHeading).Select(r => RowLabel(r).Measure(r.Label, paint).Width).DefaultIfEmpty(0).Max();
        return PlotFrame.Margin + widest + LabelGap;
    }

    /// <summary>The width right of the plot that a count centred on the last tick needs.</summary>
    public float RightMarginNeeded()
    {
        using var paint = Paint.NewDisposablePaint();
        var widest = rows.Where(r => !r.IsHeading).SelectMany(r => r.Counts!)
            .Select(c => count.Measure(Format(c), paint).Width).DefaultIfEmpty(0).Max();
        return widest / 2 + PlotFrame.Margin;
    }

    /// <summary>The table's height in pixels.</summary>
    public float Height => GapAboveTable + rows.Count * RowHeight + GapBelowTable;

    /// <inheritdoc/>
    public float Measure(Paint paint) => Height;

    /// <inheritdoc/>
    public PixelRect GetPanelRect(PixelRect dataRect, float size, float offset, Paint paint) =>
        new(dataRect.Left, dataRect.Right, dataRect.Bottom + offset + size, dataRect.Bottom + offset);

    /// <inheritdoc/>
    public void Render(RenderPack rp, float size, float offset)
    {
        var xAxis = rp.Plot.Axes.Bottom;
        var columns = ticks.Select(t => xAxis.GetPixel(t, rp.DataRect)).ToArray();
        var top = rp.DataRect.Bottom + offset + GapAboveTable;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var middle = top + (i + 0.5f) * RowHeight;
            if (row.IsHeading)
            {
                Heading(row).Render(rp.Canvas, new Pixel(rp.FigureRect.Left + PlotFrame.Margin, middle), rp.Paint, row.Label);
                continue;
            }
            RowLabel(row).Render(rp.Canvas, new Pixel(rp.DataRect.Left - LabelGap, middle), rp.Paint, row.Label);
            for (var c = 0; c < columns.Length; c++)
                count.Render(rp.Canvas, new Pixel(columns[c], middle), rp.Paint, Format(row.Counts![c]));
        }
    }

    private LabelStyle Heading(RiskTableRow row) => Typography.Label(fontSize, row.Color, row.Bold, alignment: Alignment.MiddleLeft);

    private LabelStyle RowLabel(RiskTableRow row) => Typography.Label(fontSize, row.Color, row.Bold, alignment: Alignment.MiddleRight);

    private static string Format(int count) => count.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

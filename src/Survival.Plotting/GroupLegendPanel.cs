using ScottPlot;

namespace Survival.Plotting;

/// <summary>
/// The legend, above the plot as in survminer, where it can never hide a curve: one "line sample + label" item per
/// group, flowed into as many centred rows as the figure's width needs.
/// </summary>
internal sealed class GroupLegendPanel : IPanel
{
    private readonly IReadOnlyList<(string Text, SeriesStyle Style)> items;
    private readonly float fontSize;
    private readonly float[] itemWidths;
    private readonly IReadOnlyList<int[]> rows;

    /// <param name="items">Each group's label and style, in order.</param>
    /// <param name="fontSize">The label size.</param>
    /// <param name="figureWidth">The figure's width, within which the rows must fit.</param>
    public GroupLegendPanel(IReadOnlyList<(string Text, SeriesStyle Style)> items, float fontSize, float figureWidth)
    {
        this.items = items;
        this.fontSize = fontSize;
        using var paint = Paint.NewDisposablePaint();
        itemWidths = items.Select(i => SampleLength + SampleGap + Label().Measure(i.Text, paint).Width).ToArray();
        rows = FlowIntoRows(figureWidth - 2 * PlotFrame.Margin);
    }

    // Long enough to show a dash pattern.
    private float SampleLength => fontSize * 2.4f;
    private float SampleGap => fontSize * 0.5f;
    private float ItemGap => fontSize * 1.8f;
    private float RowHeight => fontSize * 1.6f;
    private float GapAbove => fontSize;
    private float GapBelow => fontSize * 0.8f;

    /// <inheritdoc/>
    public bool IsVisible { get; set; } = true;

    /// <inheritdoc/>
    public Edge Edge => Edge.Top;

    /// <inheritdoc/>
    public bool ShowDebugInformation { get; set; }

    /// <inheritdoc/>
    public float MinimumSize { get; set; }

    /// <inheritdoc/>
    public float MaximumSize { get; set; } = float.MaxValue;

    /// <inheritdoc/>
    public float Measure(Paint paint) => GapAbove + rows.Count * RowHeight + GapBelow;

    /// <inheritdoc/>
    public PixelRect GetPanelRect(PixelRect dataRect, float size, float offset, Paint paint) =>
        new(dataRect.Left, dataRect.Right, dataRect.Top - offset, dataRect.Top - offset - size);

    /// <inheritdoc/>
    public void Render(RenderPack rp, float size, float offset)
    {
        var top = rp.DataRect.Top - offset - size + GapAbove;
        for (var r = 0; r < rows.Count; r++)
        {
            var middle = top + (r + 0.5f) * RowHeight;
            var x = rp.FigureRect.HorizontalCenter - RowWidth(rows[r]) / 2;
            foreach (var i in rows[r])
            {
                var style = items[i].Style;
                Drawing.DrawLine(rp.Canvas, rp.Paint, new Pixel(x, middle), new Pixel(x + SampleLength, middle),
                    style.Line, style.Width, antiAlias: true, style.Pattern);
                Label().Render(rp.Canvas, new Pixel(x + SampleLength + SampleGap, middle), rp.Paint, items[i].Text);
                x += itemWidths[i] + ItemGap;
            }
        }
    }

    private LabelStyle Label() => Typography.Label(fontSize, Typography.Ink, alignment: Alignment.MiddleLeft);

    private float RowWidth(int[] row) => row.Sum(i => itemWidths[i]) + ItemGap * (row.Length - 1);

    // Greedy: each item goes on the current row if it still fits, else starts the next one.
    private List<int[]> FlowIntoRows(float available)
    {
        var flowed = new List<int[]>();
        var current = new List<int>();
        for (var i = 0; i < items.Count; i++)
        {
            if (current.Count > 0 && RowWidth([.. current, i]) > available)
            {
                flowed.Add([.. current]);
                current.Clear();
            }
            current.Add(i);
        }
        if (current.Count > 0) flowed.Add([.. current]);
        return flowed;
    }
}

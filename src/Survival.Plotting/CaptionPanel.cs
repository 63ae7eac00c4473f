using ScottPlot;

namespace Survival.Plotting;

/// <summary>A line of italic text above the plot and below the title, such as a note that the data are illustrative.</summary>
internal sealed class CaptionPanel(string text, float fontSize) : IPanel
{
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
    public float Measure(Paint paint) => Style().Measure(text, paint).Height + fontSize * 0.6f;

    /// <inheritdoc/>
    public PixelRect GetPanelRect(PixelRect dataRect, float size, float offset, Paint paint) =>
        new(dataRect.Left, dataRect.Right, dataRect.Top - offset, dataRect.Top - offset - size);

    /// <inheritdoc/>
    public void Render(RenderPack rp, float size, float offset)
    {
        var rect = GetPanelRect(rp.DataRect, size, offset, rp.Paint);
        // Centred on the figure, as ScottPlot centres the title, so the two stack neatly.
        Style().Render(rp.Canvas, new Pixel(rp.FigureRect.HorizontalCenter, rect.VerticalCenter), rp.Paint, text);
    }

    private LabelStyle Style() => Typography.Label(fontSize, Typography.MutedInk, italic: true, alignment: Alignment.MiddleCenter);
}

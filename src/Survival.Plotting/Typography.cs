using ScottPlot;

namespace Survival.Plotting;

/// <summary>Font sizes and text colours of every piece of text, scaled by <see cref="PlotOptions.FontScale"/>.</summary>
internal sealed class Typography(double fontScale)
{
    /// <summary>Near-black rather than black: it prints the same and reads softer on screen.</summary>
    public static readonly Color Ink = Color.FromHex("#222222");

    /// <summary>Secondary ink: the caption, the risk table's row names and the median guide lines.</summary>
    public static readonly Color MutedInk = Color.FromHex("#555555");

    private readonly float scale = (float)fontScale;

    public float Title => 18 * scale;
    public float Caption => 13 * scale;
    public float AxisLabel => 15 * scale;
    public float TickLabel => 13 * scale;
    public float Legend => 13 * scale;
    public float Table => 13 * scale;
    public float Annotation => 13 * scale;

    /// <summary>A label in the bundled font.</summary>
    public static LabelStyle Label(float size, Color color, bool bold = false, bool italic = false, Alignment alignment = Alignment.UpperLeft) =>
        new()
        {
            FontName = BundledFont.Name,
            FontSize = size,
            ForeColor = color,
            Bold = bold,
            Italic = italic,
            Alignment = alignment,
        };

    /// <summary>Puts the bundled font, a size and a colour on a label ScottPlot owns.</summary>
    public static void Apply(LabelStyle label, float size, Color color, bool bold = false)
    {
        label.FontName = BundledFont.Name;
        label.FontSize = size;
        label.ForeColor = color;
        label.Bold = bold;
    }
}

namespace Survival.Plotting;

/// <summary>The encoding of a rendered plot.</summary>
public enum PlotImageFormat
{
    /// <summary>A PNG raster image (<c>image/png</c>).</summary>
    Png,

    /// <summary>An SVG vector image (<c>image/svg+xml</c>) with text kept as text.</summary>
    Svg,
}

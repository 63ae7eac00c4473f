namespace Survival.Plotting;

/// <summary>The colours (and, where colour alone cannot tell groups apart, line patterns) of the groups.</summary>
public enum Palette
{
    /// <summary>
    /// Okabe &amp; Ito's colour-blind-safe palette (2008): blue, vermillion, bluish green, reddish purple, orange,
    /// sky blue, black, yellow, in that order; at most eight groups.
    /// </summary>
    OkabeIto,

    /// <summary>Black and greys with solid, dashed, dotted and dash-dot lines, for print; at most four groups.</summary>
    Grayscale,
}

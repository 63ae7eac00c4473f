using Survival.Core;

namespace Survival.Plotting;

/// <summary>
/// Draws Kaplan–Meier (or cumulative incidence, or cumulative hazard) curves with confidence bands, censoring marks
/// and a risk table, as PNG or SVG. It draws the engine's results and estimates nothing itself. Thread-safe; the same
/// input always gives byte-identical output.
/// </summary>
public static class SurvivalPlotRenderer
{
    /// <summary>Renders one curve per series, in the order given (the first is the reference group).</summary>
    /// <param name="series">The groups, at least one.</param>
    /// <param name="options">What to draw and how.</param>
    /// <param name="annotations">Test results to print when the options ask for them.</param>
    /// <exception cref="InputRuleException">A rule of <see cref="PlotInputRules"/> is broken.</exception>
    public static RenderedImage Render(IReadOnlyList<PlotSeries> series, PlotOptions options, PlotAnnotations? annotations = null)
    {
        PlotInputRules.Check(series, options, annotations);
        using var figure = SurvivalFigure.Compose(series, options, annotations);
        return figure.Encode(options.Format);
    }
}

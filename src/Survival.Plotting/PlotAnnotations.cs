using System.Collections.Immutable;

namespace Survival.Plotting;

/// <summary>Test results computed elsewhere, printed on the plot when the options ask for them.</summary>
/// <param name="LogRankPValue">The log-rank test's p-value, shown when <see cref="PlotOptions.ShowPValue"/> is on.</param>
/// <param name="HazardRatio">A hazard ratio, shown when <see cref="PlotOptions.ShowHazardRatio"/> is on.</param>
public sealed record PlotAnnotations(double? LogRankPValue = null, HazardRatioAnnotation? HazardRatio = null)
{
    /// <summary>Reference curves or digitised points drawn over the groups' curves, after them in the legend; empty for none.</summary>
    public ImmutableArray<PlotOverlay> Overlays { get; init; } = [];

    /// <summary>Lines always printed in the annotation box, after the test results the options ask for (for example a one-sample test).</summary>
    public ImmutableArray<string> Notes { get; init; } = [];
}

using System.Collections.Immutable;

namespace Survival.Plotting;

/// <summary>Test results computed elsewhere, printed on the plot when the options ask for them.</summary>
/// <param name="LogRankPValue">The log-rank test's p-value, shown when <see cref="PlotOptions.ShowPValue"/> is on.</param>
/// <param name="HazardRatio">A hazard ratio, shown when <see cref="PlotOptions.ShowHazardRatio"/> is on.</param>
public sealed record PlotAnnotations(double? LogRankPValue = null, HazardRatioAnnotation? HazardRatio = null)
{
    /// <summary>The name the p-value is printed under; null for "Log-rank" (for example "Interval log-rank (Sun)").</summary>
    public string? TestName { get; init; }

    /// <summary>Reference curves or digitised points drawn over the groups' curves, after them in the legend; empty for none.</summary>
    public ImmutableArray<PlotOverlay> Overlays { get; init; } = [];

    /// <summary>Lines always printed in the annotation box, after the test results the options ask for (for example a one-sample test).</summary>
    public ImmutableArray<string> Notes { get; init; } = [];

    /// <summary>
    /// Gray's test of each competing cause, shown with <see cref="PlotOptions.ShowPValue"/> on a cumulative-incidence
    /// figure of causes, where the log-rank test is of the incidence of any event; empty for none.
    /// </summary>
    public IReadOnlyList<GrayTestAnnotation> GrayTests { get; init; } = [];
}

/// <summary>Gray's test of equal cumulative incidence of one competing cause across the groups.</summary>
/// <param name="Cause">The cause.</param>
/// <param name="PValue">Its p-value; null prints as not estimable.</param>
public sealed record GrayTestAnnotation(string Cause, double? PValue);

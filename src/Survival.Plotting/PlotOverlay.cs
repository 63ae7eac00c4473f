using System.Collections.Immutable;

namespace Survival.Plotting;

/// <summary>How an overlay is drawn.</summary>
public enum OverlayKind
{
    /// <summary>A dashed line through the points: a reference curve (a parametric model, or one given by points).</summary>
    Line,

    /// <summary>Open circles at the points: points read off a published figure.</summary>
    Points,
}

/// <summary>
/// A curve computed elsewhere and drawn over the groups' Kaplan–Meier curves, in the next colour of the palette: a
/// published reference to compare a cohort with, or the points a curve was rebuilt from.
/// </summary>
/// <param name="Label">Its name in the legend.</param>
/// <param name="Times">The points' times, in the order to draw them.</param>
/// <param name="Survival">S at each time, in [0, 1]; drawn as the plot's curve kind shows S (1 − S, or −ln S).</param>
/// <param name="Kind">Line or points.</param>
public sealed record PlotOverlay(string Label, ImmutableArray<double> Times, ImmutableArray<double> Survival, OverlayKind Kind);

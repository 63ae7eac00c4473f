using ScottPlot;

namespace Survival.Plotting;

/// <summary>
/// Chooses the corner of the plot for the test results: the one whose box covers the fewest pieces of the curves,
/// bands, censoring marks and guide lines, preferring the corner the curve kind usually leaves empty.
/// </summary>
internal static class AnnotationPlacement
{
    /// <summary>
    /// Corners in order of preference: survival falls away from the lower left and leaves the upper right;
    /// incidence and hazard rise away from the upper left and leave the lower right.
    /// </summary>
    public static IReadOnlyList<Alignment> Preference(CurveKind kind) => kind == CurveKind.Survival
        ? [Alignment.LowerLeft, Alignment.UpperRight, Alignment.LowerRight, Alignment.UpperLeft]
        : [Alignment.UpperLeft, Alignment.LowerRight, Alignment.UpperRight, Alignment.LowerLeft];

    /// <summary>The preferred corner among those where the box meets the fewest obstacles.</summary>
    /// <param name="corners">Candidate corners, most preferred first.</param>
    /// <param name="limits">The data area in coordinates.</param>
    /// <param name="dataSize">The data area in pixels.</param>
    /// <param name="box">The annotation's size in pixels.</param>
    /// <param name="inset">The annotation's distance from the data area's edges, in pixels.</param>
    /// <param name="obstacles">What the box should not cover, in coordinates.</param>
    public static Alignment Choose(
        IReadOnlyList<Alignment> corners, Box limits, PixelSize dataSize, PixelSize box, float inset, IReadOnlyList<Box> obstacles)
    {
        var perPixelX = (limits.Right - limits.Left) / dataSize.Width;
        var perPixelY = (limits.Top - limits.Bottom) / dataSize.Height;
        double width = (box.Width + inset) * perPixelX, height = (box.Height + inset) * perPixelY;
        return corners
            .Select((corner, rank) => (corner, rank, covered: obstacles.Count(Corner(corner, limits, width, height).Intersects)))
            .OrderBy(c => c.covered)
            .ThenBy(c => c.rank)
            .First().corner;
    }

    /// <summary>Every piece of <paramref name="geometry"/> as a box: line segments, band steps and marks.</summary>
    public static IEnumerable<Box> Obstacles(SeriesGeometry geometry) =>
        Segments(geometry.Line)
            .Concat(geometry.Band.Select(s => new Box(s.Start, s.End, s.Lower, s.Upper)))
            .Concat(geometry.CensorMarks.Select(m => Box.Around(m, m)));

    /// <summary>The boxes around each segment of a polyline.</summary>
    public static IEnumerable<Box> Segments(IReadOnlyList<Coordinates> points) =>
        Enumerable.Range(1, Math.Max(0, points.Count - 1)).Select(i => Box.Around(points[i - 1], points[i]));

    // The box's extent in coordinates, reaching in from the data area's corner.
    private static Box Corner(Alignment corner, Box limits, double width, double height)
    {
        var left = corner is Alignment.LowerLeft or Alignment.UpperLeft;
        var lower = corner is Alignment.LowerLeft or Alignment.LowerRight;
        return new Box(
            left ? limits.Left : limits.Right - width,
            left ? limits.Left + width : limits.Right,
            lower ? limits.Bottom : limits.Top - height,
            lower ? limits.Bottom + height : limits.Top);
    }
}

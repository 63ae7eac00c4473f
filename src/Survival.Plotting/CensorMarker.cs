using ScottPlot;
using SkiaSharp;

namespace Survival.Plotting;

/// <summary>
/// Draws a censor mark — a plus or a vertical tick — exactly as ScottPlot's <c>Cross</c> and <c>VerticalBar</c> markers
/// draw it, but holding its path until Skia has drawn it.
/// </summary>
/// <remarks>
/// ScottPlot 5.1.59's own markers build an <see cref="SKPath"/> and never dispose it. Once the managed path is out of
/// reach the GC may finalize it — freeing the native path — while <c>SkCanvas::drawPath</c> is still reading it, which
/// crashed the process (a use after free in <c>SkPath::countPoints</c>, most often while writing an SVG). The
/// <c>using</c> keeps the path alive through the native call and frees it at once afterwards.
/// </remarks>
internal sealed class CensorMarker(CensorMarkShape shape) : IMarker
{
    /// <summary>Adds the marks at <paramref name="points"/> to <paramref name="plot"/>.</summary>
    public static void Add(Plot plot, Coordinates[] points, CensorMarkShape shape, float size, Color color, float lineWidth)
    {
        var marks = plot.Add.Markers(points, MarkerShape.Cross, size, color);
        marks.MarkerStyle.CustomRenderer = new CensorMarker(shape);
        marks.MarkerLineWidth = lineWidth;
    }

    public void Render(SKCanvas canvas, Paint paint, Pixel center, float size, MarkerStyle markerStyle)
    {
        var half = size / 2f;
        using var path = new SKPath();
        if (shape == CensorMarkShape.Plus)
        {
            path.MoveTo(center.X + half, center.Y);
            path.LineTo(center.X - half, center.Y);
        }
        path.MoveTo(center.X, center.Y + half);
        path.LineTo(center.X, center.Y - half);
        Drawing.DrawPath(canvas, paint, path, markerStyle.LineStyle);
    }
}

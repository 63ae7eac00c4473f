using ScottPlot;

namespace Survival.Plotting;

/// <summary>An axis-aligned rectangle in data coordinates, edges included.</summary>
internal readonly record struct Box(double Left, double Right, double Bottom, double Top)
{
    /// <summary>The smallest box holding both points.</summary>
    public static Box Around(Coordinates a, Coordinates b) =>
        new(Math.Min(a.X, b.X), Math.Max(a.X, b.X), Math.Min(a.Y, b.Y), Math.Max(a.Y, b.Y));

    /// <summary>Whether the two boxes share any point.</summary>
    public bool Intersects(Box other) =>
        Left <= other.Right && other.Left <= Right && Bottom <= other.Top && other.Bottom <= Top;
}

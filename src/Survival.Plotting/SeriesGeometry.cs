using ScottPlot;

namespace Survival.Plotting;

/// <summary>
/// What is drawn for one group, in data coordinates: the step line, the band's steps and the censoring marks.
/// Curves are right-continuous: a row's value holds from its time up to the next row's time, where the line drops
/// (or rises) vertically.
/// </summary>
/// <param name="Line">The step line's vertices, from time 0 at the origin value to the last time.</param>
/// <param name="Band">The band's steps where both bounds are known, in time order.</param>
/// <param name="CensorMarks">A point on the curve at each time with a censoring.</param>
internal sealed record SeriesGeometry(Coordinates[] Line, IReadOnlyList<BandStep> Band, Coordinates[] CensorMarks)
{
    /// <summary>The simultaneous band's steps over its range; empty when there is none.</summary>
    public IReadOnlyList<BandStep> SimultaneousBand { get; init; } = [];

    /// <summary>The line's pieces: the whole line, or for an interval-censored curve the pieces between its unidentified stretches.</summary>
    public IReadOnlyList<Coordinates[]> LinePieces { get; init; } = [Line];

    /// <summary>The unidentified stretches of an interval-censored curve as boxes (start, end, lower, upper value); empty otherwise.</summary>
    public IReadOnlyList<BandStep> Boxes { get; init; } = [];

    /// <summary>The geometry of <paramref name="series"/> drawn as <paramref name="kind"/>.</summary>
    public static SeriesGeometry Of(PlotSeries series, CurveKind kind, bool withBand)
    {
        var curve = series.Curve;
        var values = CurveProjection.Values(series, kind);
        var band = withBand ? CurveProjection.Band(series, kind) : null;
        var simultaneous = withBand ? CurveProjection.SimultaneousBand(series, kind) : null;
        // A competing cause's line carries no censoring marks: a censoring ends the follow-up of every cause at once,
        // so it is marked once, on the group's incidence of any event.
        var marked = kind != CurveKind.CumulativeIncidence || series.Incidence is null;
        var censored = Enumerable.Range(0, marked ? curve.Times.Length : 0)
            .Where(row => curve.Censored[row] > 0)
            .Select(row => new Coordinates(curve.Times[row], values[row]))
            .ToArray();
        if (series.IsIntervalCensored) return Interval(series, kind, values, band, censored);
        return new SeriesGeometry(
            StepLine(curve.Times, values, CurveProjection.Origin(kind)),
            band is var (lower, upper) ? BandSteps(curve.Times, lower, upper) : [],
            censored)
        {
            SimultaneousBand = simultaneous is var (low, high) ? Clipped(BandSteps(curve.Times, low, high), series.SimultaneousBand!.From, series.SimultaneousBand.To) : [],
        };
    }

    /// <summary>
    /// An interval-censored curve: horizontal where identified, a vertical drop only at an exactly observed time, and a
    /// box over each unidentified stretch, which the line does not cross (R's <c>interval</c> package draws the boxes; SAS
    /// PROC ICLIFETEST with NODASH leaves them empty).
    /// </summary>
    private static SeriesGeometry Interval(
        PlotSeries series, CurveKind kind, double[] values, (double?[] Lower, double?[] Upper)? band, Coordinates[] censored)
    {
        var times = series.Curve.Times;
        var boxes = series.Unidentified
            .Select(u => (Start: u.Start, End: u.End, A: Project(u.Upper, kind), B: Project(u.Lower, kind)))
            .ToArray();
        var pieces = new List<Coordinates[]>();
        var piece = new List<Coordinates> { new(0, CurveProjection.Origin(kind)) };
        var level = CurveProjection.Origin(kind);
        for (var row = 0; row < times.Length; row++)
        {
            var box = Array.FindIndex(boxes, b => b.Start < times[row] && times[row] <= b.End);
            if (box >= 0)
            {
                // The line stops where the stretch starts and resumes at its end, at the value after it.
                if (piece[^1].X != boxes[box].Start) piece.Add(new Coordinates(boxes[box].Start, level));
                if (piece.Count > 1) pieces.Add([.. piece]);
                piece = [new Coordinates(times[row], values[row])];
                level = values[row];
                continue;
            }
            if (values[row] == level) continue;
            if (piece[^1].X != times[row]) piece.Add(new Coordinates(times[row], level));
            piece.Add(new Coordinates(times[row], values[row]));
            level = values[row];
        }
        if (piece[^1].X != times[^1]) piece.Add(new Coordinates(times[^1], level));
        if (piece.Count > 1) pieces.Add([.. piece]);
        return new SeriesGeometry(
            [.. pieces.SelectMany(p => p)],
            band is var (lower, upper) ? BandSteps(times, lower, upper) : [],
            censored)
        {
            LinePieces = pieces,
            Boxes = [.. boxes.Select(b => new BandStep(b.Start, b.End, Math.Min(b.A, b.B), Math.Max(b.A, b.B)))],
        };
    }

    private static double Project(double survival, CurveKind kind) => kind == CurveKind.CumulativeIncidence ? 1 - survival : survival;

    /// <summary>The band as closed polygons, one per run of steps without a gap (bounds unknown somewhere between).</summary>
    public IEnumerable<Coordinates[]> BandPolygons() => Polygons(Band);

    /// <summary>The simultaneous band as closed polygons.</summary>
    public IEnumerable<Coordinates[]> SimultaneousBandPolygons() => Polygons(SimultaneousBand);

    /// <summary>The simultaneous band's upper and lower edges as step lines, one pair per run without a gap.</summary>
    public IEnumerable<Coordinates[]> SimultaneousBandEdges()
    {
        foreach (var polygon in SimultaneousBandPolygons())
        {
            // The polygon runs along the upper bounds forwards, then back along the lower ones.
            var half = polygon.Length / 2;
            yield return polygon[..half];
            yield return polygon[half..];
        }
    }

    private static IEnumerable<Coordinates[]> Polygons(IReadOnlyList<BandStep> steps)
    {
        var run = new List<BandStep>();
        foreach (var step in steps)
        {
            if (run.Count > 0 && run[^1].End != step.Start)
            {
                yield return Polygon(run);
                run.Clear();
            }
            run.Add(step);
        }
        if (run.Count > 0) yield return Polygon(run);
    }

    // Rows that leave the value unchanged (censorings only) add no vertex.
    private static Coordinates[] StepLine(IReadOnlyList<double> times, IReadOnlyList<double> values, double origin)
    {
        var points = new List<Coordinates>(2 * times.Count + 2) { new(0, origin) };
        var level = origin;
        for (var row = 0; row < times.Count; row++)
        {
            if (values[row] == level) continue;
            if (points[^1].X != times[row]) points.Add(new Coordinates(times[row], level));
            points.Add(new Coordinates(times[row], values[row]));
            level = values[row];
        }
        if (points[^1].X != times[^1]) points.Add(new Coordinates(times[^1], level));
        return [.. points];
    }

    // The last row's step has no width: the curve ends at its time.
    private static BandStep[] BandSteps(IReadOnlyList<double> times, IReadOnlyList<double?> lower, IReadOnlyList<double?> upper) =>
        Enumerable.Range(0, times.Count)
            .Where(row => lower[row] is not null && upper[row] is not null)
            .Select(row => new BandStep(times[row], row + 1 < times.Count ? times[row + 1] : times[row], lower[row]!.Value, upper[row]!.Value))
            .ToArray();

    // The simultaneous band holds over [from, to] only: a row's step is cut where the range ends.
    private static BandStep[] Clipped(BandStep[] steps, double from, double to) =>
        [.. steps.Select(s => s with { Start = Math.Max(s.Start, from), End = Math.Min(s.End, to) }).Where(s => s.End > s.Start)];

    // Along the upper bounds forwards, then back along the lower bounds.
    private static Coordinates[] Polygon(IReadOnlyList<BandStep> run) =>
    [
        .. run.SelectMany(s => new[] { new Coordinates(s.Start, s.Upper), new Coordinates(s.End, s.Upper) }),
        .. run.Reverse().SelectMany(s => new[] { new Coordinates(s.End, s.Lower), new Coordinates(s.Start, s.Lower) }),
    ];
}

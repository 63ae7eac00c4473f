using System.Collections.Immutable;
using System.Globalization;
using ScottPlot;
using Survival.Core;

namespace Survival.Plotting;

/// <summary>One fitted distribution's curve at one covariate profile, on a grid of times.</summary>
/// <param name="Distribution">The legend's name for the fit, for example "Weibull (AIC 2290.8)"; curves of one distribution share it.</param>
/// <param name="Style">The distribution's position in the fixed order of the six (its colour); curves of one distribution share it.</param>
/// <param name="Times">The grid, increasing, from 0 to the horizon.</param>
/// <param name="Survival">S(t) at each time.</param>
/// <param name="Hazard">h(t) at each time; null where infinite.</param>
public sealed record FittedCurve(string Distribution, int Style, ImmutableArray<double> Times, ImmutableArray<double> Survival, ImmutableArray<double?> Hazard);

/// <summary>
/// The figures of a parametric fit as NICE DSU TSD 14 asks to judge it: the Kaplan–Meier curves with their bands (or,
/// for interval-censored data, Turnbull's curves with their unidentified stretches as boxes) and the fitted curves over them, extrapolated to the horizon (solid to the last follow-up, dashed beyond); the fitted
/// hazards; and log(−log S) against log t (straight and parallel lines for the Weibull and exponential under
/// proportional hazards). Kaplan–Meier curves are drawn in greys, fits in one Okabe–Ito colour per distribution.
/// Thread-safe; the same input always gives byte-identical output.
/// </summary>
public static class ParametricPlotRenderer
{
    // One colour per distribution, in the order exponential, Weibull, log-normal, log-logistic, Gompertz, generalized gamma.
    private static readonly Color[] FitColors =
        [.. new[] { "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9" }.Select(Color.FromHex)];

    private static readonly SeriesStyle[] Greys =
    [
        new(Color.FromHex("#222222"), LinePattern.Solid),
        new(Color.FromHex("#777777"), LinePattern.Solid),
        new(Color.FromHex("#222222"), LinePattern.Dotted),
        new(Color.FromHex("#777777"), LinePattern.Dotted),
    ];

    /// <summary>Kaplan–Meier with its bands and the fitted survival curves, to the horizon.</summary>
    /// <param name="kaplanMeier">The groups' curves, at most four: Kaplan–Meier, or Turnbull's (<see cref="TurnbullSeries"/>).</param>
    /// <param name="fits">The fitted curves.</param>
    /// <param name="lastFollowUp">Where observation ends and extrapolation begins.</param>
    /// <param name="options">Format, size, titles, axis range; <see cref="PlotOptions.XMax"/> is the horizon.</param>
    /// <exception cref="InputRuleException">A rule of <see cref="PlotInputRules"/> is broken, or there are more than four groups.</exception>
    public static RenderedImage RenderSurvival(IReadOnlyList<PlotSeries> kaplanMeier, IReadOnlyList<FittedCurve> fits, double lastFollowUp, PlotOptions options)
    {
        Check(kaplanMeier, fits, options);
        var value = AxisScale.Value(CurveKind.Survival, options.YScale, 1);
        // Bands as on every Kaplan–Meier figure: as asked, else when few enough curves have one not to hide them.
        var bands = SurvivalFigure.DrawsBands(kaplanMeier, options with { CurveKind = CurveKind.Survival });
        return Render(kaplanMeier, fits, lastFollowUp, options, value, (plot, series, style) =>
        {
            var geometry = SeriesGeometry.Of(series, CurveKind.Survival, bands);
            foreach (var polygon in geometry.BandPolygons())
            {
                var band = plot.Add.Polygon(polygon);
                band.FillColor = style.Line.WithAlpha(0.12);
                band.LineWidth = 0;
            }
            // An interval-censored (Turnbull) curve is drawn in pieces, with a box over each stretch it does not identify.
            foreach (var box in geometry.Boxes)
            {
                var shape = plot.Add.Rectangle(box.Start, box.End, box.Lower, box.Upper);
                shape.FillColor = style.Line.WithAlpha(0.2);
                shape.LineColor = style.Line.WithAlpha(0.35);
                shape.LineWidth = 0.5f;
            }
            foreach (var piece in geometry.LinePieces) AddLine(plot, piece, style.Line, style.Pattern, SeriesStyle.LineWidth);
            if (options.CensorMarks && geometry.CensorMarks.Length > 0)
                CensorMarker.Add(plot, geometry.CensorMarks, CensorMarkShape.Plus, SeriesStyle.CensorMarkSize * 0.8f, style.Line, 1);
        }, fit => fit.Times.Select((t, i) => (t, (double?)fit.Survival[i])));
    }

    /// <summary>The fitted hazard curves h(t), to the horizon.</summary>
    /// <exception cref="InputRuleException">A rule of <see cref="PlotInputRules"/> is broken.</exception>
    public static RenderedImage RenderHazard(IReadOnlyList<PlotSeries> kaplanMeier, IReadOnlyList<FittedCurve> fits, double lastFollowUp, PlotOptions options)
    {
        Check(kaplanMeier, fits, options);
        var largest = fits.SelectMany(f => f.Hazard).OfType<double>().Where(double.IsFinite).DefaultIfEmpty(1).Max();
        // A hazard that starts infinite (a Weibull of shape below 1) would flatten every other curve: the axis stops at
        // the largest value after the grid's first quarter, the curves run off its top.
        var bounded = fits.SelectMany(f => f.Hazard.Skip(f.Hazard.Length / 4)).OfType<double>().Where(double.IsFinite).DefaultIfEmpty(largest).Max();
        var value = AxisScale.Value(CurveKind.CumulativeHazard, options.YScale, Math.Min(largest, 2 * bounded));
        var labelled = options with { YLabel = options.YLabel ?? "Hazard" };
        return Render([], fits, lastFollowUp, labelled, value, (_, _, _) => { }, fit => fit.Times.Select((t, i) => (t, fit.Hazard[i])));
    }

    /// <summary>log(−log S) against log t: the Kaplan–Meier steps and the fitted curves.</summary>
    /// <exception cref="InputRuleException">A rule of <see cref="PlotInputRules"/> is broken.</exception>
    public static RenderedImage RenderDiagnostic(IReadOnlyList<PlotSeries> kaplanMeier, IReadOnlyList<FittedCurve> fits, double lastFollowUp, PlotOptions options)
    {
        Check(kaplanMeier, fits, options);
        static (double X, double Y)? Transform(double t, double s) =>
            t > 0 && s > 0 && s < 1 ? (Math.Log(t), Math.Log(-Math.Log(s))) : null;
        var steps = kaplanMeier.Select(k => Enumerable.Range(0, k.Curve.Times.Length)
            .Select(r => Transform(k.Curve.Times[r], k.Curve.Survival[r])).OfType<(double X, double Y)>().ToArray()).ToArray();
        var curves = fits.Select(f => f.Times.Select((t, i) => Transform(t, f.Survival[i])).OfType<(double X, double Y)>().ToArray()).ToArray();
        var observed = steps.SelectMany(s => s).ToArray();
        var all = observed.Concat(curves.SelectMany(c => c)).ToArray();
        if (all.Length == 0) throw new InputRuleException("fits", "no time has 0 < S(t) < 1, so log(−log S) has nothing to show");
        // The axes start at the first Kaplan–Meier step, so that a fit's far left tail does not squash the data.
        var xMin = observed.Length > 0 ? observed.Min(p => p.X) : all.Min(p => p.X);
        var shown = all.Where(p => p.X >= xMin).ToArray();
        var (xMax, yMin, yMax) = (shown.Max(p => p.X), shown.Min(p => p.Y), shown.Max(p => p.Y));
        var x = Axis(xMin, xMax);
        var y = Axis(yMin, yMax);
        var labelled = options with { XLabel = options.XLabel ?? (string.IsNullOrWhiteSpace(options.TimeUnit) ? "log(time)" : $"log(time in {options.TimeUnit})"), YLabel = options.YLabel ?? "log(−log S(t))" };

        BundledFont.EnsureRegistered();
        var type = new Typography(options.FontScale > 0 ? options.FontScale : 1);
        using var plot = new Plot();
        PlotFrame.Style(plot, type, labelled, x, y);
        var greys = Greys[..kaplanMeier.Count];
        for (var g = 0; g < steps.Length; g++)
        {
            var line = new List<Coordinates>();
            foreach (var (px, py) in steps[g])
            {
                if (line.Count > 0) line.Add(new Coordinates(px, line[^1].Y));
                line.Add(new Coordinates(px, py));
            }
            if (line.Count > 0) AddLine(plot, [.. line], greys[g].Line, greys[g].Pattern, SeriesStyle.LineWidth);
        }
        var cut = lastFollowUp > 0 ? Math.Log(lastFollowUp) : double.PositiveInfinity;
        for (var f = 0; f < fits.Count; f++) AddFit(plot, [.. curves[f].Select(p => new Coordinates(p.X, p.Y))], cut, FitColors[fits[f].Style]);
        return Finish(plot, type, kaplanMeier, fits, options);
    }

    private static RenderedImage Render(
        IReadOnlyList<PlotSeries> kaplanMeier, IReadOnlyList<FittedCurve> fits, double lastFollowUp, PlotOptions options, AxisScale value,
        Action<Plot, PlotSeries, SeriesStyle> drawKaplanMeier, Func<FittedCurve, IEnumerable<(double Time, double? Value)>> points)
    {
        BundledFont.EnsureRegistered();
        var type = new Typography(options.FontScale > 0 ? options.FontScale : 1);
        var horizon = options.XMax ?? fits.Select(f => f.Times[^1]).Append(lastFollowUp).Max();
        var time = AxisScale.Time(kaplanMeier.Count > 0 ? kaplanMeier : [], options with { XMax = horizon });
        using var plot = new Plot();
        var limits = PlotFrame.Style(plot, type, options, time, value);
        for (var g = 0; g < kaplanMeier.Count; g++) drawKaplanMeier(plot, kaplanMeier[g], Greys[g]);
        if (lastFollowUp > 0 && lastFollowUp < horizon)
        {
            var edge = plot.Add.VerticalLine(lastFollowUp);
            edge.LineColor = Typography.MutedInk.WithAlpha(0.5);
            edge.LineWidth = 1;
            edge.LinePattern = LinePattern.Dotted;
        }
        foreach (var fit in fits)
        {
            // Values above the axis are cut at its top edge (an infinite hazard at 0 is left out).
            var line = points(fit).Where(p => p.Value is { } v && double.IsFinite(v))
                .Select(p => new Coordinates(p.Time, Math.Min(p.Value!.Value, limits.Top))).ToArray();
            AddFit(plot, line, lastFollowUp, FitColors[fit.Style]);
        }
        return Finish(plot, type, kaplanMeier, fits, options);
    }

    private static RenderedImage Finish(Plot plot, Typography type, IReadOnlyList<PlotSeries> kaplanMeier, IReadOnlyList<FittedCurve> fits, PlotOptions options)
    {
        var width = options.Width > 0 ? options.Width : SurvivalFigure.DefaultWidth;
        var legend = kaplanMeier.Select((k, g) => ($"{(k.IsIntervalCensored ? "Turnbull" : "Kaplan–Meier")}{(kaplanMeier.Count > 1 || k.Label.Length > 0 ? ": " + k.Label : "")}", Greys[g], LegendSample.Line))
            .Concat(fits.DistinctBy(f => f.Distribution).Select(f => (f.Distribution, new SeriesStyle(FitColors[f.Style], LinePattern.Solid), LegendSample.Line)))
            .ToArray();
        plot.Axes.AddPanel(new GroupLegendPanel(legend, type.Legend, width));
        if (!string.IsNullOrWhiteSpace(options.Caption)) plot.Axes.AddPanel(new CaptionPanel(options.Caption, type.Caption));
        var height = options.Height > 0 ? options.Height : SurvivalFigure.DefaultHeightAboveTable;
        return FigureEncoder.Encode(plot, width, height, options.Format);
    }

    /// <summary>A fitted curve: solid to the last follow-up, dashed beyond it (the extrapolation).</summary>
    private static void AddFit(Plot plot, Coordinates[] line, double cut, Color color)
    {
        var observed = line.Where(p => p.X <= cut).ToArray();
        var beyond = line.Where(p => p.X >= cut).ToArray();
        if (observed.Length > 0 && beyond.Length > 0 && observed[^1].X < cut && beyond[0].X > cut)
        {
            // Join the two parts at the cut, interpolated.
            var (a, b) = (observed[^1], beyond[0]);
            var joint = new Coordinates(cut, a.Y + (b.Y - a.Y) * (cut - a.X) / (b.X - a.X));
            observed = [.. observed, joint];
            beyond = [joint, .. beyond];
        }
        if (observed.Length > 1) AddLine(plot, observed, color, LinePattern.Solid, SeriesStyle.LineWidth);
        if (beyond.Length > 1) AddLine(plot, beyond, color, LinePattern.Dashed, SeriesStyle.LineWidth);
    }

    private static void AddLine(Plot plot, Coordinates[] points, Color color, LinePattern pattern, float width)
    {
        var line = plot.Add.ScatterLine(points, color);
        line.LineWidth = width;
        line.LinePattern = pattern;
        line.MarkerSize = 0;
    }

    /// <summary>An axis over [min, max] with round ticks, for log scales that may be negative.</summary>
    private static AxisScale Axis(double min, double max)
    {
        if (max <= min) max = min + 1;
        var step = AxisTicks.NiceStep(max - min);
        var (low, high) = (Math.Floor(min / step) * step, Math.Ceiling(max / step) * step);
        var ticks = AxisTicks.Multiples(low, high, step);
        return new AxisScale(low, high, ticks, AxisTicks.Labels(ticks, step));
    }

    private static void Check(IReadOnlyList<PlotSeries> kaplanMeier, IReadOnlyList<FittedCurve> fits, PlotOptions options)
    {
        ArgumentNullException.ThrowIfNull(kaplanMeier);
        ArgumentNullException.ThrowIfNull(fits);
        ArgumentNullException.ThrowIfNull(options);
        if (kaplanMeier.Count > Greys.Length)
            throw new InputRuleException("series", $"the fit plots show at most {Greys.Length} groups' Kaplan–Meier curves, not {kaplanMeier.Count}");
        if (fits.Count == 0) throw new InputRuleException("fits", "no distribution was fitted, so there is nothing to draw");
        foreach (var fit in fits)
        {
            if (fit.Style < 0 || fit.Style >= FitColors.Length) throw new InputRuleException("fits", $"style {fit.Style} is not one of the six distributions'");
            if (fit.Times.Length < 2 || fit.Survival.Length != fit.Times.Length || fit.Hazard.Length != fit.Times.Length)
                throw new InputRuleException("fits", "each fitted curve needs two or more times with one S and one h each");
        }
        if (kaplanMeier.Count > 0) PlotInputRules.Check(kaplanMeier, options with { XMax = null }, null);
    }

    /// <summary>"Weibull (AIC 2290.8)": the legend's label of a fit.</summary>
    public static string Label(string distribution, double? aic) =>
        aic is { } value ? $"{distribution} (AIC {value.ToString("0.0", CultureInfo.InvariantCulture)})" : distribution;
}

using ScottPlot;

namespace Survival.Plotting;

/// <summary>
/// The ScottPlot figure of a set of curves, at its final size: axes, bands, curves, censoring marks, median guides,
/// legend, title, caption, test results and risk table.
/// </summary>
internal sealed class SurvivalFigure : IDisposable
{
    /// <summary>Default width in pixels.</summary>
    public const int DefaultWidth = 800;

    /// <summary>Default height of everything above the risk table, in pixels.</summary>
    public const int DefaultHeightAboveTable = 500;

    /// <summary>The distance of the test results from the corner of the data area, in pixels.</summary>
    private const float AnnotationInset = 10;

    private readonly Plot plot;
    private readonly RiskTablePanel? table;

    private SurvivalFigure(Plot plot, RiskTablePanel? table, int width, int height)
    {
        this.plot = plot;
        this.table = table;
        Width = width;
        Height = height;
    }

    /// <summary>Its width in pixels.</summary>
    public int Width { get; }

    /// <summary>Its height in pixels.</summary>
    public int Height { get; }

    /// <summary>Where the curves were drawn in the last encoded image.</summary>
    public PixelRect DataArea => plot.LastRender.DataRect;

    /// <summary>The full-width strip the risk table took in the last encoded image; null without a table.</summary>
    public PixelRect? RiskTableArea
    {
        get
        {
            if (table is null) return null;
            var layout = plot.LastRender.Layout;
            var top = layout.DataRect.Bottom + layout.PanelOffsets[table];
            return new PixelRect(0, Width, top + layout.PanelSizes[table], top);
        }
    }

    /// <summary>Where a point in data coordinates landed in the last encoded image.</summary>
    public Pixel PixelOf(Coordinates point) => plot.GetPixel(point);

    /// <summary>Draws and encodes the figure.</summary>
    public RenderedImage Encode(PlotImageFormat format) => FigureEncoder.Encode(plot, Width, Height, format);

    /// <summary>Composes the figure; the inputs must have passed <see cref="PlotInputRules.Check"/>.</summary>
    public static SurvivalFigure Compose(IReadOnlyList<PlotSeries> series, PlotOptions options, PlotAnnotations? annotations)
    {
        BundledFont.EnsureRegistered();
        var type = new Typography(options.FontScale > 0 ? options.FontScale : 1);
        var overlays = annotations?.Overlays ?? [];
        var styles = SeriesStyle.For(options, series);
        var kind = options.CurveKind;
        var causes = kind == CurveKind.CumulativeIncidence ? SeriesStyle.CausesOf(series) : [];
        var geometries = series.Select(s => SeriesGeometry.Of(s, kind, DrawsBands(series, options))).ToArray();
        var time = AxisScale.Time(series, options);
        var value = AxisScale.Value(kind, options.YScale, geometries.Max(g => g.Line.Max(p => p.Y)));
        var medianGuides = options.MedianLines && CurveProjection.IsProbability(kind) ? MedianGuides(series, time) : [];

        var plot = new Plot();
        var limits = PlotFrame.Style(plot, type, options, time, value);
        // The simultaneous band is wider: beneath the pointwise one, which stays readable on top of it.
        foreach (var (geometry, style) in geometries.Zip(styles)) AddSimultaneousBand(plot, geometry, style);
        foreach (var (geometry, style) in geometries.Zip(styles)) AddBand(plot, geometry, style);
        foreach (var (start, end) in medianGuides) AddGuide(plot, start, end);
        foreach (var (geometry, style) in geometries.Zip(styles)) AddCurve(plot, geometry, style, options);
        var overlayStyles = SeriesStyle.ForOverlays(options, series, overlays.Length)
            .Select((style, i) => style with { Pattern = overlays[i].Kind == OverlayKind.Line ? LinePattern.Dashed : LinePattern.Dotted }).ToArray();
        foreach (var (overlay, style) in overlays.Zip(overlayStyles)) AddOverlay(plot, overlay, style, kind);
        var width = options.Width > 0 ? options.Width : DefaultWidth;
        (string, SeriesStyle, LegendSample)[] legend =
        [
            .. LegendItems(series, styles, causes).Select(item => (item.Text, item.Style, LegendSample.Line)),
            .. overlays.Select((o, i) => (o.Label, overlayStyles[i], LegendSample.Line)),
            .. BandLegend(series, geometries, options),
        ];
        plot.Axes.AddPanel(new GroupLegendPanel(legend, type.Legend, width));
        if (!string.IsNullOrWhiteSpace(options.Caption)) plot.Axes.AddPanel(new CaptionPanel(options.Caption, type.Caption));

        var table = AddRiskTable(plot, RiskTableRow.For(options.RiskTable, series, styles, time.Ticks), time.Ticks, type);
        var height = options.Height > 0 ? options.Height : DefaultHeightAboveTable + (int)Math.Ceiling(table?.Height ?? 0);

        var notes = AnnotationLines(options, annotations, causes.Length > 0);
        if (notes is not null)
        {
            var obstacles = geometries.SelectMany(AnnotationPlacement.Obstacles)
                .Concat(medianGuides.Select(g => Box.Around(g.Start, g.End)))
                .ToArray();
            AddAnnotation(plot, type, notes, limits, width, height, kind, obstacles);
        }
        return new SurvivalFigure(plot, table, width, height);
    }

    /// <inheritdoc/>
    public void Dispose() => plot.Dispose();

    /// <summary>
    /// Whether the bands are shaded: as asked, else when at most <see cref="PlotOptions.MostDefaultBands"/> curves have
    /// one — beyond that overlapping bands hide the curves they belong to.
    /// </summary>
    public static bool DrawsBands(IReadOnlyList<PlotSeries> series, PlotOptions options) =>
        options.ConfidenceBand ?? series.Count(s => CurveProjection.Band(s, options.CurveKind) is not null) <= PlotOptions.MostDefaultBands;

    private static void AddBand(Plot plot, SeriesGeometry geometry, SeriesStyle style)
    {
        foreach (var polygon in geometry.BandPolygons())
        {
            var band = plot.Add.Polygon(polygon);
            band.FillColor = style.BandFill;
            band.LineWidth = 0;
        }
        foreach (var box in geometry.Boxes)
        {
            // Darker than the band, with a faint edge: an unidentified stretch reads as an area, not as a line that drops.
            var shape = plot.Add.Rectangle(box.Start, box.End, box.Lower, box.Upper);
            shape.FillColor = style.Line.WithAlpha(0.35);
            shape.LineColor = style.Line.WithAlpha(0.35);
            shape.LineWidth = 0.5f;
        }
    }

    private static void AddSimultaneousBand(Plot plot, SeriesGeometry geometry, SeriesStyle style)
    {
        foreach (var polygon in geometry.SimultaneousBandPolygons())
        {
            var band = plot.Add.Polygon(polygon);
            band.FillColor = style.SimultaneousBandFill;
            band.LineWidth = 0;
        }
        foreach (var edge in geometry.SimultaneousBandEdges())
        {
            var line = plot.Add.ScatterLine(edge, style.SimultaneousBandEdge);
            line.LineWidth = 1;
            line.LinePattern = LinePattern.Dashed;
            line.MarkerSize = 0;
        }
    }

    /// <summary>
    /// With a simultaneous band drawn, the legend names both shadings: the pointwise interval (its type) and the
    /// simultaneous band (its method, scale and range when all groups share one).
    /// </summary>
    private static IEnumerable<(string, SeriesStyle, LegendSample)> BandLegend(IReadOnlyList<PlotSeries> series, SeriesGeometry[] geometries, PlotOptions options)
    {
        if (!geometries.Any(g => g.SimultaneousBand.Count > 0)) yield break;
        var neutral = new SeriesStyle(Typography.MutedInk, LinePattern.Solid);
        if (series.FirstOrDefault(s => s.Band is not null)?.Band is { } pointwise && geometries.Any(g => g.Band.Count > 0))
            yield return ($"{Percent(pointwise.Level.Value)} pointwise ({TypeName(pointwise.Type)})", neutral, LegendSample.PointwiseBand);
        var bands = series.Select(s => s.SimultaneousBand).OfType<Core.Curves.SimultaneousConfidenceBand>().ToArray();
        var first = bands[0];
        var method = first.Method == Core.Curves.SimultaneousBandMethod.HallWellner ? "Hall–Wellner" : "equal precision";
        var scale = first.Transform switch
        {
            Core.Curves.BandTransform.Linear => "linear",
            Core.Curves.BandTransform.ArcsineSquareRoot => "arcsine",
            _ => "log-log",
        };
        var unit = string.IsNullOrWhiteSpace(options.TimeUnit) ? "" : " " + options.TimeUnit;
        var range = bands.All(b => b.From == first.From && b.To == first.To) ? $", {Number(first.From)}–{Number(first.To)}{unit}" : "";
        yield return ($"{Percent(first.Level.Value)} simultaneous ({method}, {scale}{range})", neutral, LegendSample.SimultaneousBand);
    }

    private static string TypeName(Core.Curves.ConfidenceType type) => type switch
    {
        Core.Curves.ConfidenceType.Log => "log",
        Core.Curves.ConfidenceType.LogLog => "log-log",
        Core.Curves.ConfidenceType.Plain => "plain",
        Core.Curves.ConfidenceType.Logit => "logit",
        Core.Curves.ConfidenceType.Arcsine => "arcsine",
        Core.Curves.ConfidenceType.ThomasGrunkemeier => "Thomas–Grunkemeier",
        Core.Curves.ConfidenceType.Rothman => "Rothman",
        Core.Curves.ConfidenceType.Peto => "Peto",
        Core.Curves.ConfidenceType.BetaProduct => "beta product",
        _ => type.ToString(),
    };

    private static string Percent(double level) => (level * 100).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "%";

    private static string Number(double value) => value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// One item per series, "label (n = N)"; in a figure of competing causes one per group in its colour, then one per
    /// cause's line type and one for the incidence of any event, which carries the censoring marks.
    /// </summary>
    private static (string Text, SeriesStyle Style)[] LegendItems(IReadOnlyList<PlotSeries> series, IReadOnlyList<SeriesStyle> styles, string[] causes)
    {
        if (causes.Length == 0) return [.. series.Select((s, i) => ($"{s.Label} (n = {s.Curve.Subjects})", styles[i]))];
        var groups = series.Select((s, i) => (s.GroupLabel, s.Curve.Subjects, Colour: styles[i].Line)).DistinctBy(g => g.GroupLabel)
            .Select(g => ($"{g.GroupLabel} (n = {g.Subjects})", new SeriesStyle(g.Colour, ScottPlot.LinePattern.Solid)));
        var lines = causes.Select(c => (c, SeriesStyle.ForCause(causes, c)));
        var anyEvent = series.Any(s => s.Cause is null) ? [($"{PlotSeries.AnyEvent} (+ censored)", SeriesStyle.ForCause(causes, null))] : Array.Empty<(string, SeriesStyle)>();
        return [.. groups, .. lines, .. anyEvent];
    }

    private static void AddCurve(Plot plot, SeriesGeometry geometry, SeriesStyle style, PlotOptions options)
    {
        foreach (var piece in geometry.LinePieces)
        {
            var line = plot.Add.ScatterLine(piece, style.Line);
            line.LineWidth = style.Width;
            line.LinePattern = style.Pattern;
            line.MarkerSize = 0;
        }

        if (!options.CensorMarks || geometry.CensorMarks.Length == 0) return;
        CensorMarker.Add(plot, geometry.CensorMarks, options.CensorMarkShape, SeriesStyle.CensorMarkSize, style.Line, SeriesStyle.CensorMarkLineWidth);
    }

    /// <summary>A reference curve as a dashed line, or digitised points as open circles, projected as the curve kind shows S.</summary>
    private static void AddOverlay(Plot plot, PlotOverlay overlay, SeriesStyle style, CurveKind kind)
    {
        var points = overlay.Times.Zip(overlay.Survival, (t, s) => new Coordinates(t, kind switch
        {
            CurveKind.Survival => s,
            CurveKind.CumulativeIncidence => 1 - s,
            _ => s > 0 ? -Math.Log(s) : double.NaN,
        })).Where(p => double.IsFinite(p.Y)).ToArray();
        if (overlay.Kind == OverlayKind.Line)
        {
            var line = plot.Add.ScatterLine(points, style.Line);
            line.LineWidth = SeriesStyle.LineWidth;
            line.LinePattern = style.Pattern;
            line.MarkerSize = 0;
            return;
        }
        var markers = plot.Add.Markers(points, MarkerShape.OpenCircle, 5, style.Line);
        markers.MarkerLineWidth = 1;
    }

    // A horizontal guide at 0.5 out to the latest median, and a vertical one down from 0.5 at each median.
    private static (Coordinates Start, Coordinates End)[] MedianGuides(IReadOnlyList<PlotSeries> series, AxisScale time)
    {
        var medians = series.Select(s => s.MedianTime).OfType<double>().Distinct().ToArray();
        if (medians.Length == 0) return [];
        return
        [
            (new Coordinates(time.Min, 0.5), new Coordinates(medians.Max(), 0.5)),
            .. medians.Select(m => (new Coordinates(m, 0.5), new Coordinates(m, 0))),
        ];
    }

    private static void AddGuide(Plot plot, Coordinates start, Coordinates end)
    {
        var line = plot.Add.Line(start, end);
        line.LineColor = Typography.MutedInk;
        line.LineWidth = 1;
        line.LinePattern = LinePattern.Dashed;
        line.MarkerSize = 0;
    }

    private static RiskTablePanel? AddRiskTable(Plot plot, IReadOnlyList<RiskTableRow> rows, IReadOnlyList<double> ticks, Typography type)
    {
        if (rows.Count == 0) return null;
        var table = new RiskTablePanel(rows, ticks, type.Table);
        plot.Axes.AddPanel(table);
        plot.Axes.Left.MinimumSize = table.LeftMarginNeeded();
        plot.Axes.Right.MinimumSize = Math.Max(plot.Axes.Right.MinimumSize, table.RightMarginNeeded());
        return table;
    }

    private static string? AnnotationLines(PlotOptions options, PlotAnnotations? annotations, bool competingCauses)
    {
        var lines = new List<string>();
        // A figure of competing causes compares each cause's incidence by Gray's test; the log-rank test, where given, is
        // of the incidence of any event.
        if (options.ShowPValue && competingCauses)
        {
            lines.AddRange((annotations?.GrayTests ?? []).Select(AnnotationText.Gray));
            if (annotations?.LogRankPValue is { } p) lines.Add(AnnotationText.LogRankOfAnyEvent(p));
        }
        else if (options.ShowPValue) lines.Add(AnnotationText.LogRank(annotations?.LogRankPValue, annotations?.TestName ?? "Log-rank"));
        if (options.ShowHazardRatio) lines.Add(AnnotationText.HazardRatio(annotations?.HazardRatio));
        if (annotations is { Notes.IsDefaultOrEmpty: false }) lines.AddRange(annotations.Notes);
        return lines.Count > 0 ? string.Join('\n', lines) : null;
    }

    private static void AddAnnotation(Plot plot, Typography type, string text, Box limits, int width, int height, CurveKind kind, IReadOnlyList<Box> obstacles)
    {
        var note = plot.Add.Annotation(text);
        Typography.Apply(note.LabelStyle, type.Annotation, Typography.Ink);
        note.LabelStyle.BackgroundColor = Colors.White.WithAlpha(0.85);
        note.LabelStyle.BorderWidth = 0;
        note.LabelStyle.ShadowColor = Colors.Transparent;
        note.LabelStyle.PixelPadding = new PixelPadding(6);
        note.OffsetX = AnnotationInset;
        note.OffsetY = AnnotationInset;

        // The layout is final (the annotation is not a panel), so the data area's pixel size is known now.
        using var paint = Paint.NewDisposablePaint();
        var dataRect = plot.Layout.LayoutEngine.GetLayout(new PixelRect(0, width, height, 0), plot, paint).DataRect;
        var box = note.LabelStyle.Measure(text, paint).Size;
        var padded = new PixelSize(box.Width + note.LabelStyle.PixelPadding.Horizontal, box.Height + note.LabelStyle.PixelPadding.Vertical);
        note.Alignment = AnnotationPlacement.Choose(
            AnnotationPlacement.Preference(kind), limits, dataRect.Size, padded, AnnotationInset, obstacles);
    }
}

using ScottPlot;

namespace Survival.Plotting;

/// <summary>
/// How one series is drawn: its line colour, pattern and width, and the translucent fill of its band. Colours tell
/// the groups apart; in a figure of competing causes, line types tell the causes apart (as R's survival vignette draws
/// them: <c>col</c> by group, <c>lty</c> by state).
/// </summary>
internal sealed record SeriesStyle(Color Line, LinePattern Pattern, float Width = SeriesStyle.LineWidth)
{
    /// <summary>The width of curves and of their samples in the legend, in pixels.</summary>
    public const float LineWidth = 2;

    /// <summary>The width of a group's incidence of any event among its causes' lines: a thinner line behind them.</summary>
    public const float AnyEventWidth = 1.25f;

    /// <summary>The size of a censoring mark, in pixels.</summary>
    public const float CensorMarkSize = 9;

    /// <summary>The stroke of a censoring mark: thinner than the curve so that dense marks do not blot it out.</summary>
    public const float CensorMarkLineWidth = 1.5f;

    /// <summary>The band is the line colour at low opacity, so overlapping bands stay readable.</summary>
    public Color BandFill => Line.WithAlpha(0.18);

    /// <summary>
    /// The style of each series: its group's colour (in order of first appearance) and, in a figure of competing
    /// causes, its cause's line type, the incidence of any event a thin solid line.
    /// </summary>
    public static IReadOnlyList<SeriesStyle> For(PlotOptions options, IReadOnlyList<PlotSeries> series)
    {
        var groups = series.Select(s => s.GroupLabel).Distinct().ToList();
        var colours = ForGroups(options, groups.Count);
        var causes = CausesOf(series);
        return [.. series.Select(s =>
        {
            var group = colours[groups.IndexOf(s.GroupLabel)];
            if (causes.Length == 0) return group;
            return s.Cause is { } cause
                ? new SeriesStyle(group.Line, CausePatterns[Array.IndexOf(causes, cause)])
                : new SeriesStyle(group.Line, LinePattern.Solid, AnyEventWidth);
        })];
    }

    /// <summary>
    /// The styles of <paramref name="count"/> reference curves drawn over the groups' curves: the colours after the
    /// groups' own, so a reference never takes a group's colour.
    /// </summary>
    public static IReadOnlyList<SeriesStyle> ForOverlays(PlotOptions options, IReadOnlyList<PlotSeries> series, int count)
    {
        var groups = series.Select(s => s.GroupLabel).Distinct().Count();
        return [.. ForGroups(options, groups + count).Skip(groups)];
    }

    /// <summary>The legend's sample for a cause's line type, or for the incidence of any event (null), in ink.</summary>
    public static SeriesStyle ForCause(string[] causes, string? cause) => cause is null
        ? new SeriesStyle(Typography.Ink, LinePattern.Solid, AnyEventWidth)
        : new SeriesStyle(Typography.Ink, CausePatterns[Array.IndexOf(causes, cause)]);

    /// <summary>The competing causes the series draw, in order of first appearance; empty for a figure without causes.</summary>
    public static string[] CausesOf(IEnumerable<PlotSeries> series) =>
        [.. series.Select(s => s.Cause).OfType<string>().Distinct()];

    /// <summary>How many competing causes line types tell apart.</summary>
    public static int CauseCapacity => CausePatterns.Length;

    /// <summary>The styles of the first <paramref name="count"/> groups, at most <see cref="Capacity"/>.</summary>
    private static IReadOnlyList<SeriesStyle> ForGroups(PlotOptions options, int count) => options.Colors.IsDefaultOrEmpty
        ? Styles(options.Palette)[..count]
        : [.. options.Colors.Take(count).Select(hex => new SeriesStyle(Color.FromHex(hex), LinePattern.Solid))];

    // Solid first, then patterns that stay distinct at the line's width and in print.
    private static readonly LinePattern[] CausePatterns =
    [
        LinePattern.Solid,
        LinePattern.Dashed,
        new([10, 4, 2, 4], 0, "DashDot"),
        LinePattern.Dotted,
        new([14, 4, 4, 4, 4, 4], 0, "DashDotDot"),
    ];

    /// <summary>How many groups the options can tell apart: one per custom colour, or the palette's size.</summary>
    public static int Capacity(PlotOptions options) =>
        options.Colors.IsDefaultOrEmpty ? Styles(options.Palette).Length : options.Colors.Length;

    /// <summary>A colour the options accept: <c>#RRGGBB</c>.</summary>
    public static bool IsColor(string? hex) =>
        hex is { Length: 7 } && hex[0] == '#' && hex.Skip(1).All(char.IsAsciiHexDigit);

    private static SeriesStyle[] Styles(Palette palette) => palette switch
    {
        Palette.OkabeIto => OkabeIto,
        Palette.Grayscale => Grayscale,
        _ => throw new ArgumentOutOfRangeException(nameof(palette), palette, "unknown palette"),
    };

    // Okabe & Ito (2008), "Color Universal Design". Yellow goes last: it is hard to see on white.
    private static readonly SeriesStyle[] OkabeIto =
    [
        new(Color.FromHex("#0072B2"), LinePattern.Solid),
        new(Color.FromHex("#D55E00"), LinePattern.Solid),
        new(Color.FromHex("#009E73"), LinePattern.Solid),
        new(Color.FromHex("#CC79A7"), LinePattern.Solid),
        new(Color.FromHex("#E69F00"), LinePattern.Solid),
        new(Color.FromHex("#56B4E9"), LinePattern.Solid),
        new(Color.FromHex("#000000"), LinePattern.Solid),
        new(Color.FromHex("#F0E442"), LinePattern.Solid),
    ];

    // Greys alone are hard to tell apart in print, so each group also gets its own line pattern.
    private static readonly SeriesStyle[] Grayscale =
    [
        new(Color.FromHex("#000000"), LinePattern.Solid),
        new(Color.FromHex("#555555"), LinePattern.Dashed),
        new(Color.FromHex("#000000"), LinePattern.Dotted),
        new(Color.FromHex("#777777"), new LinePattern([10, 4, 2, 4], 0, "DashDot")),
    ];
}

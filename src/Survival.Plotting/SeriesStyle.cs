using ScottPlot;

namespace Survival.Plotting;

/// <summary>How one group is drawn: its line colour and pattern, and the translucent fill of its band.</summary>
internal sealed record SeriesStyle(Color Line, LinePattern Pattern)
{
    /// <summary>The width of curves and of their samples in the legend, in pixels.</summary>
    public const float LineWidth = 2;

    /// <summary>The size of a censoring mark, in pixels.</summary>
    public const float CensorMarkSize = 9;

    /// <summary>The stroke of a censoring mark: thinner than the curve so that dense marks do not blot it out.</summary>
    public const float CensorMarkLineWidth = 1.5f;

    /// <summary>The band is the line colour at low opacity, so overlapping bands stay readable.</summary>
    public Color BandFill => Line.WithAlpha(0.18);

    /// <summary>
    /// The simultaneous band, wider than the pointwise one beneath which it lies, is paler still and edged with a dashed
    /// line, so that the two read apart even where they overlap and in greyscale.
    /// </summary>
    public Color SimultaneousBandFill => Line.WithAlpha(0.07);

    /// <summary>The dashed edge of the simultaneous band.</summary>
    public Color SimultaneousBandEdge => Line.WithAlpha(0.75);

    /// <summary>The styles of the first <paramref name="count"/> groups, at most <see cref="Capacity"/>.</summary>
    public static IReadOnlyList<SeriesStyle> For(PlotOptions options, int count) => options.Colors.IsDefaultOrEmpty
        ? Styles(options.Palette)[..count]
        : [.. options.Colors.Take(count).Select(hex => new SeriesStyle(Color.FromHex(hex), LinePattern.Solid))];

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

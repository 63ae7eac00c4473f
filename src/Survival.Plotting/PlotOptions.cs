namespace Survival.Plotting;

/// <summary>
/// How to draw a survival plot. Every property has a default; a zero or null value means "use the default", so a
/// transport message with unset fields maps onto these properties one to one.
/// </summary>
public sealed record PlotOptions
{
    /// <summary>The image encoding; PNG by default.</summary>
    public PlotImageFormat Format { get; init; } = PlotImageFormat.Png;

    /// <summary>Image width in pixels; 0 means 800.</summary>
    public int Width { get; init; }

    /// <summary>Image height in pixels; 0 means 500 for the plot plus whatever the risk table needs.</summary>
    public int Height { get; init; }

    /// <summary>A title above the plot; none by default.</summary>
    public string? Title { get; init; }

    /// <summary>
    /// A line under the title, for example "Illustrative data — not patient-level"; none by default.
    /// </summary>
    public string? Caption { get; init; }

    /// <summary>The unit of the times, used by the default x-axis label "Time (unit)"; none by default.</summary>
    public string? TimeUnit { get; init; }

    /// <summary>The x-axis label; by default "Time (<see cref="TimeUnit"/>)", or "Time (units not given)" without a unit.</summary>
    public string? XLabel { get; init; }

    /// <summary>
    /// The y-axis label; by default "Survival probability", "Cumulative incidence" or "Cumulative hazard" by
    /// <see cref="CurveKind"/>.
    /// </summary>
    public string? YLabel { get; init; }

    /// <summary>
    /// How probabilities are labelled; proportion by default. Ignored for <see cref="CurveKind.CumulativeHazard"/>,
    /// which is not a probability.
    /// </summary>
    public ProbabilityScale YScale { get; init; } = ProbabilityScale.Proportion;

    /// <summary>The left end of the time axis; 0 by default.</summary>
    public double? XMin { get; init; }

    /// <summary>The right end of the time axis; the last observed time of any group by default.</summary>
    public double? XMax { get; init; }

    /// <summary>
    /// The distance between x-axis ticks, which are also the risk table's columns; by default a round step giving
    /// about five intervals.
    /// </summary>
    public double? XTickStep { get; init; }

    /// <summary>The most curves whose bands are shaded by default: beyond two, overlapping bands hide the curves.</summary>
    public const int MostDefaultBands = 2;

    /// <summary>
    /// Whether to shade each curve's pointwise confidence band; null (the default) shades them when at most
    /// <see cref="MostDefaultBands"/> curves have one (two groups, or one group's two competing causes).
    /// </summary>
    public bool? ConfidenceBand { get; init; }

    /// <summary>Whether to mark censoring times on the curves; on by default.</summary>
    public bool CensorMarks { get; init; } = true;

    /// <summary>The shape of the censoring marks; a plus sign by default.</summary>
    public CensorMarkShape CensorMarkShape { get; init; } = CensorMarkShape.Plus;

    /// <summary>The table under the plot; numbers at risk by default.</summary>
    public RiskTableStyle RiskTable { get; init; } = RiskTableStyle.AtRisk;

    /// <summary>
    /// Whether to draw dashed guide lines at probability 0.5 to each group's median (skipped where the median is not
    /// reached, and for the cumulative hazard); off by default.
    /// </summary>
    public bool MedianLines { get; init; }

    /// <summary>
    /// Whether to print the log-rank p-value given in the annotations (in a cumulative-incidence figure of competing
    /// causes, also Gray's test of each cause); off by default.
    /// </summary>
    public bool ShowPValue { get; init; }

    /// <summary>Whether to print the hazard ratio given in the annotations (two groups only); off by default.</summary>
    public bool ShowHazardRatio { get; init; }

    /// <summary>What the curves show; survival by default.</summary>
    public CurveKind CurveKind { get; init; } = CurveKind.Survival;

    /// <summary>The group colours; Okabe–Ito by default.</summary>
    public Palette Palette { get; init; } = Palette.OkabeIto;

    /// <summary>
    /// Line colours as <c>#RRGGBB</c>, one per series in series order, drawn solid; empty means the
    /// <see cref="Palette"/>'s colours.
    /// </summary>
    public System.Collections.Immutable.ImmutableArray<string> Colors { get; init; } = [];

    /// <summary>A factor applied to every font size; 0 means 1.</summary>
    public double FontScale { get; init; }
}

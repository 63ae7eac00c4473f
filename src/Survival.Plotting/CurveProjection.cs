using Survival.Core.Curves;

namespace Survival.Plotting;

/// <summary>
/// What a curve kind puts on the y axis, read from the engine's results: S, 1 − S or the Nelson–Aalen H per row,
/// and the matching band. Transformations only; nothing is estimated here.
/// </summary>
internal static class CurveProjection
{
    /// <summary>The value before the first row: every subject is event-free at time 0.</summary>
    public static double Origin(CurveKind kind) => kind == CurveKind.Survival ? 1 : 0;

    /// <summary>The series' value at each row: a competing cause's incidence where it has one, else read from its curve.</summary>
    public static double[] Values(PlotSeries series, CurveKind kind) =>
        kind == CurveKind.CumulativeIncidence && series.Incidence is { } incidence ? [.. incidence.Probability] : Values(series.Curve, kind);

    /// <summary>The series' band: a competing cause's interval where it has one, else from <see cref="PlotSeries.Band"/>.</summary>
    public static (double?[] Lower, double?[] Upper)? Band(PlotSeries series, CurveKind kind) =>
        kind == CurveKind.CumulativeIncidence && series.Incidence is { } incidence
            ? ([.. incidence.Lower], [.. incidence.Upper])
            : Band(series.Band, kind);

    /// <summary>The curve's value at each row.</summary>
    public static double[] Values(KaplanMeierCurve curve, CurveKind kind)
    {
        var values = new double[curve.Times.Length];
        for (var row = 0; row < values.Length; row++)
        {
            values[row] = kind switch
            {
                CurveKind.Survival => curve.Survival[row],
                CurveKind.CumulativeIncidence => 1 - curve.Survival[row],
                CurveKind.CumulativeHazard => curve.CumulativeHazard[row],
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown curve kind"),
            };
        }
        return values;
    }

    /// <summary>
    /// The band's lower and upper bound at each row (null where not estimable), or null when there is nothing to
    /// shade: no band was given, or the kind is the cumulative hazard, for which the engine estimates none.
    /// </summary>
    public static (double?[] Lower, double?[] Upper)? Band(ConfidenceBand? band, CurveKind kind) =>
        band is null ? null : Band(band.Lower, band.Upper, kind);

    /// <summary>
    /// The simultaneous band's bounds at each row (null outside its range), or null when there is none to shade: none
    /// was estimated, a competing cause's incidence is drawn instead of 1 − S, or the kind is the cumulative hazard.
    /// </summary>
    public static (double?[] Lower, double?[] Upper)? SimultaneousBand(PlotSeries series, CurveKind kind) =>
        series.SimultaneousBand is not { } band || (kind == CurveKind.CumulativeIncidence && series.Incidence is not null)
            ? null
            : Band(band.Lower, band.Upper, kind);

    private static (double?[] Lower, double?[] Upper)? Band(IReadOnlyList<double?> lower, IReadOnlyList<double?> upper, CurveKind kind) => kind switch
    {
        CurveKind.Survival => ([.. lower], [.. upper]),
        // 1 − S reverses the order, so the upper survival bound becomes the lower incidence bound.
        CurveKind.CumulativeIncidence => ([.. upper.Select(Complement)], [.. lower.Select(Complement)]),
        CurveKind.CumulativeHazard => null,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown curve kind"),
    };

    /// <summary>The default y-axis label.</summary>
    public static string AxisLabel(CurveKind kind) => kind switch
    {
        CurveKind.Survival => "Survival probability",
        CurveKind.CumulativeIncidence => "Cumulative incidence",
        CurveKind.CumulativeHazard => "Cumulative hazard",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown curve kind"),
    };

    /// <summary>Whether the y axis is a probability in [0, 1].</summary>
    public static bool IsProbability(CurveKind kind) => kind != CurveKind.CumulativeHazard;

    private static double? Complement(double? value) => 1 - value;
}

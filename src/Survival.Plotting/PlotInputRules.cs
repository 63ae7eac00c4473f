using System.Collections.Immutable;
using Survival.Core;

namespace Survival.Plotting;

/// <summary>
/// What a plot request must satisfy. Each failure is an <see cref="InputRuleException"/> whose
/// <see cref="InputRuleException.Input"/> is the offending option or input, so a transport layer can name the field.
/// </summary>
public static class PlotInputRules
{
    /// <summary>The smallest width or height accepted, in pixels.</summary>
    public const int MinimumSize = 200;

    /// <summary>The largest width or height accepted, in pixels.</summary>
    public const int MaximumSize = 8000;

    /// <summary>The largest font scale accepted.</summary>
    public const double MaximumFontScale = 4;

    /// <summary>The longest title, caption, axis label or time unit, in characters: laying out far longer text takes seconds.</summary>
    public const int MaximumTextLength = 1000;

    /// <summary>Checks a request before anything is drawn.</summary>
    /// <exception cref="InputRuleException">A rule is broken; the message says which and why.</exception>
    public static void Check(IReadOnlyList<PlotSeries> series, PlotOptions options, PlotAnnotations? annotations)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(options);
        CheckSeries(series, options);
        CheckOptions(options, series.Max(s => s.Curve.LastTime));
        CheckTimeAxis(AxisScale.Time(series, options), options);
        CheckAnnotations(series, options, annotations);
    }

    private static void CheckSeries(IReadOnlyList<PlotSeries> series, PlotOptions options)
    {
        Require(series.Count > 0, nameof(series), "at least one series is needed");
        var labels = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            Require(s is not null, nameof(series), $"series[{i}] is null");
            Require(!string.IsNullOrWhiteSpace(s!.Label), nameof(series), $"series[{i}] has no label");
            Require(labels.Add(s.Label), nameof(series), $"series[{i}]'s label \"{s.Label}\" is used twice");
            Require(s.Curve is not null && s.Curve.Times.Length > 0, nameof(series), $"series[{i}] has no curve");
            Require(s.Band is null || (s.Band.Lower.Length == s.Curve!.Times.Length && s.Band.Upper.Length == s.Curve.Times.Length),
                nameof(series), $"series[{i}]'s band does not have one entry per curve row");
            Require(s.MedianTime is null || IsTime(s.MedianTime.Value), nameof(series), $"series[{i}]'s median must be a finite time ≥ 0");
            Require(s.Incidence is null || (s.Incidence.Probability.Length == s.Curve!.Times.Length && s.Incidence.Lower.Length == s.Curve.Times.Length
                    && s.Incidence.Upper.Length == s.Curve.Times.Length),
                nameof(series), $"series[{i}]'s incidence must have one value and bound per curve row");
        }
        // Colours tell the groups apart (the competing causes of one group share its colour), line types the causes.
        var groups = series.Select(s => s.GroupLabel).Distinct().Count();
        var limit = SeriesStyle.Capacity(options);
        Require(groups <= limit, nameof(series), options.Colors.IsDefaultOrEmpty
            ? $"the {options.Palette} palette tells at most {limit} groups apart, not {groups}"
            : $"needs one colour per group: {limit} colours for {groups} groups");
        var causes = SeriesStyle.CausesOf(series).Length;
        Require(causes <= SeriesStyle.CauseCapacity, nameof(series),
            $"line types tell at most {SeriesStyle.CauseCapacity} competing causes apart, not {causes}");
    }

    private static void CheckOptions(PlotOptions options, double lastTime)
    {
        RequireDefined(options.Format, nameof(options.Format));
        RequireDefined(options.YScale, nameof(options.YScale));
        RequireDefined(options.CensorMarkShape, nameof(options.CensorMarkShape));
        RequireDefined(options.RiskTable, nameof(options.RiskTable));
        RequireDefined(options.CurveKind, nameof(options.CurveKind));
        RequireDefined(options.Palette, nameof(options.Palette));
        if (!options.Colors.IsDefault)
        {
            for (var i = 0; i < options.Colors.Length; i++)
                Require(SeriesStyle.IsColor(options.Colors[i]), nameof(options.Colors), $"Colors[{i}] must be #RRGGBB");
        }
        foreach (var (text, name) in new[]
                 {
                     (options.Title, nameof(options.Title)), (options.Caption, nameof(options.Caption)), (options.XLabel, nameof(options.XLabel)),
                     (options.YLabel, nameof(options.YLabel)), (options.TimeUnit, nameof(options.TimeUnit)),
                 })
        {
            Require(text is null || text.Length <= MaximumTextLength, name, $"must be at most {MaximumTextLength} characters");
        }
        RequireSize(options.Width, nameof(options.Width));
        RequireSize(options.Height, nameof(options.Height));
        Require(options.FontScale == 0 || options.FontScale > 0 && options.FontScale <= MaximumFontScale,
            nameof(options.FontScale), $"must be 0 (the default, 1) or in (0, {MaximumFontScale}]");

        Require(options.XMin is null || IsTime(options.XMin.Value), nameof(options.XMin), "must be a finite time ≥ 0");
        Require(options.XMax is null || IsTime(options.XMax.Value), nameof(options.XMax), "must be a finite time ≥ 0");
        var min = options.XMin ?? 0;
        Require(options.XMax is null || options.XMax > min, nameof(options.XMax), $"must be greater than the axis start {min}");
        if (options.XTickStep is { } step)
        {
            Require(double.IsFinite(step) && step > 0, nameof(options.XTickStep), "must be a finite number > 0");
            var max = options.XMax ?? lastTime;
            Require(AxisTicks.Count(min, max, step) <= AxisTicks.MaxTicks, nameof(options.XTickStep),
                $"gives more than {AxisTicks.MaxTicks} ticks between {min} and {max}");
        }
    }

    /// <summary>
    /// Each option may be valid and the axis they make still unusable: a start past the last time with a step that puts
    /// no tick in what remains, or times so large that the axis has no width a double can resolve.
    /// </summary>
    private static void CheckTimeAxis(AxisScale axis, PlotOptions options) =>
        Require(axis.Max > axis.Min && axis.Ticks.Length > 0 && axis.Ticks.All(double.IsFinite),
            options.XTickStep is null ? nameof(options.XMin) : nameof(options.XTickStep),
            $"leaves no tick on the time axis from {axis.Min} to {axis.Max}: start it before the last time, or give a smaller tick step");

    private static void CheckAnnotations(IReadOnlyList<PlotSeries> series, PlotOptions options, PlotAnnotations? annotations)
    {
        CheckOverlays(series, options, annotations?.Overlays ?? []);
        // An absent value prints as not estimable; a value given must be one.
        if (options.ShowPValue && annotations?.LogRankPValue is { } p)
            Require(p >= 0 && p <= 1, nameof(options.ShowPValue), "needs a log-rank p-value in [0, 1]");
        foreach (var gray in options.ShowPValue ? annotations?.GrayTests ?? [] : [])
            Require(gray.PValue is not { } grayP || grayP >= 0 && grayP <= 1, nameof(options.ShowPValue), $"needs Gray's p-value of {gray.Cause} in [0, 1]");
        if (options.ShowHazardRatio)
        {
            var groups = series.Select(s => s.GroupLabel).Distinct().Count();
            Require(groups == 2, nameof(options.ShowHazardRatio), $"needs exactly two groups, not {groups}");
            if (annotations?.HazardRatio is { } hr)
            {
                Require(IsPositive(hr.Lower) && IsPositive(hr.Upper) && hr.Lower <= hr.Ratio && hr.Ratio <= hr.Upper,
                    nameof(options.ShowHazardRatio), "needs a hazard ratio with 0 < lower ≤ ratio ≤ upper < ∞");
            }
        }
    }

    private static void CheckOverlays(IReadOnlyList<PlotSeries> series, PlotOptions options, ImmutableArray<PlotOverlay> overlays)
    {
        if (overlays.IsDefaultOrEmpty) return;
        var limit = SeriesStyle.Capacity(options);
        Require(series.Count + overlays.Length <= limit, nameof(series),
            $"the {options.Palette} palette tells at most {limit} curves apart, not {series.Count} groups and {overlays.Length} overlays");
        var labels = new HashSet<string>(series.Select(s => s.Label), StringComparer.Ordinal);
        for (var i = 0; i < overlays.Length; i++)
        {
            var overlay = overlays[i];
            Require(!string.IsNullOrWhiteSpace(overlay.Label) && labels.Add(overlay.Label), "overlays", $"overlays[{i}] needs a label of its own");
            Require(overlay.Times.Length == overlay.Survival.Length && overlay.Times.Length > 0, "overlays", $"overlays[{i}] needs one survival per time");
            Require(overlay.Times.All(IsTime) && overlay.Survival.All(s => s is >= 0 and <= 1), "overlays",
                $"overlays[{i}] needs finite times ≥ 0 and survival in [0, 1]");
            Require(Enum.IsDefined(overlay.Kind), "overlays", $"overlays[{i}] needs a known kind");
        }
    }

    private static bool IsTime(double value) => double.IsFinite(value) && value >= 0;

    private static bool IsPositive(double value) => double.IsFinite(value) && value > 0;

    private static void RequireSize(int size, string name) =>
        Require(size == 0 || size >= MinimumSize && size <= MaximumSize, name,
            $"must be 0 (the default) or between {MinimumSize} and {MaximumSize} pixels, not {size}");

    private static void RequireDefined<T>(T value, string name) where T : struct, Enum =>
        Require(Enum.IsDefined(value), name, $"{value} is not a {typeof(T).Name}");

    private static void Require(bool rule, string name, string message)
    {
        if (!rule) throw new InputRuleException(name, message);
    }
}

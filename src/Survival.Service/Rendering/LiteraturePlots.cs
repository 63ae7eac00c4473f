using System.Collections.Immutable;
using System.Globalization;
using Survival.Core.Curves;
using Survival.Core.External;
using Survival.Core.GroupTests;
using Survival.Core.Inference;
using Survival.Core.MetaAnalysis;
using Survival.Core.Reconstruction;
using Survival.Plotting;
using Survival.Service.Mapping;
using Survival.V1;
using ProtoPlotOptions = Survival.V1.PlotOptions;
using PoolingMethod = Survival.Core.MetaAnalysis.PoolingMethod;

namespace Survival.Service.Rendering;

/// <summary>
/// The figures of the literature RPCs: rebuilt curves over the points they were rebuilt from, a cohort over its
/// reference curve, and the forest plot of pooled studies.
/// </summary>
internal static class LiteraturePlots
{
    /// <summary>Points at which a reference curve is drawn across the axis.</summary>
    private const int ReferenceSamples = 400;

    /// <summary>Each arm's rebuilt Kaplan–Meier curve, and the digitised points as open circles.</summary>
    public static RenderSurvivalPlotResponse Reconstruction(
        IReadOnlyList<(string Label, PublishedCurve Curve, SurvivalSummary Rebuilt)> arms, ProtoPlotOptions plot, string timeUnit)
    {
        var options = ProtoMapper.ToCore(plot, timeUnit);
        var series = arms.Select(a => PlotSeries.FromSummary(a.Label, a.Rebuilt)).ToArray();
        var overlays = arms.Select(a =>
        {
            var points = a.Curve.Points.OrderBy(p => p.Time).ThenByDescending(p => p.Survival).ToArray();
            return new PlotOverlay($"{a.Label}: digitised", [.. points.Select(p => p.Time)], [.. points.Select(p => p.Survival)], OverlayKind.Points);
        });
        return PlotComposer.Draw(series, options, new PlotAnnotations { Overlays = [.. overlays] }, plot, "plot");
    }

    /// <summary>
    /// The cohort's curves over the reference: a rebuilt reference cohort as a curve of its own, any other reference as
    /// a dashed line; each group's O/E and one-sample p-value printed.
    /// </summary>
    public static RenderSurvivalPlotResponse External(
        ImmutableArray<GroupSummary> cohort,
        SurvivalSummary? referenceCohort,
        IReferenceCurve reference,
        string referenceLabel,
        IReadOnlyList<OneSampleLogRankResult> tests,
        Func<GroupComparisonResult> comparison,
        ConfidenceLevel level,
        ProtoPlotOptions plot,
        string timeUnit)
    {
        var options = ProtoMapper.ToCore(plot, timeUnit);
        var series = cohort.Select(s => PlotSeries.FromSummary(ProtoMapper.DisplayLabel(s.Group, cohort.Length), s.Summary)).ToList();
        var overlays = ImmutableArray<PlotOverlay>.Empty;
        if (referenceCohort is not null) series.Add(PlotSeries.FromSummary(referenceLabel, referenceCohort));
        else
        {
            var end = options.XMax ?? Math.Max(series.Max(s => s.Curve.LastTime), reference.LastTime ?? 0);
            var times = Enumerable.Range(0, ReferenceSamples + 1).Select(i => end * i / ReferenceSamples).ToImmutableArray();
            overlays = [new PlotOverlay(referenceLabel, times, [.. times.Select(reference.Survival)], OverlayKind.Line)];
        }
        var annotations = options.ShowPValue || options.ShowHazardRatio ? PlotComposer.Annotations(comparison(), level) : new PlotAnnotations();
        // A cohort without group labels is "All subjects" in the legend, and so in the hazard ratio printed.
        if (annotations.HazardRatio is { Group.Length: 0 } ratio)
            annotations = annotations with { HazardRatio = ratio with { Group = ProtoMapper.DisplayLabel("", cohort.Length) } };
        var notes = tests.Select(t => Note(t, cohort.Length, level));
        return PlotComposer.Draw(series, options, annotations with { Overlays = overlays, Notes = [.. notes] }, plot, "plot");
    }

    /// <summary>The forest plot: each study with its weight in the first pooled result, then one diamond per method.</summary>
    public static RenderSurvivalPlotResponse Forest(
        IReadOnlyList<(StudyEstimate? Estimate, string Label)> studies,
        IReadOnlyList<PooledEstimate> pooled,
        bool hazardRatio,
        ConfidenceLevel level,
        ProtoPlotOptions plot)
    {
        var rows = new List<ForestRow>();
        var estimable = 0;
        foreach (var (estimate, label) in studies)
        {
            if (estimate is null)
            {
                rows.Add(new ForestRow(label, null, null, null, null, "not estimable"));
                continue;
            }
            var weight = pooled[0].WeightsPercent[estimable++];
            var (point, lower, upper) = estimate.RatioInterval(level);
            rows.Add(OnLogAxis(point) is { } ratio
                ? new ForestRow(label, ratio, OnLogAxis(lower), OnLogAxis(upper), null, null) { WeightPercent = weight }
                : new ForestRow(label, null, null, null, null, "off the scale"));
        }
        foreach (var p in pooled)
        {
            if (OnLogAxis(Math.Exp(p.Estimate)) is not { } ratio)
            {
                rows.Add(new ForestRow(MethodName(p.Method), null, null, null, null, "off the scale"));
                continue;
            }
            rows.Add(new ForestRow(MethodName(p.Method), ratio, OnLogAxis(Math.Exp(p.Lower)), OnLogAxis(Math.Exp(p.Upper)), p.PValue, null)
            {
                IsSummary = true,
                Prediction = p.PredictionLower is { } low && p.PredictionUpper is { } high && OnLogAxis(Math.Exp(low)) is { } from && OnLogAxis(Math.Exp(high)) is { } to
                    ? (from, to)
                    : null,
                Detail = p.I2 is { } i2
                    ? string.Create(CultureInfo.InvariantCulture, $"I² = {i2:0}%") + (p.Method == PoolingMethod.FixedEffect ? "" : string.Create(CultureInfo.InvariantCulture, $", τ² = {p.Tau2:0.###}"))
                    : null,
            });
        }
        var headers = hazardRatio
            ? new ForestHeaders("Study", "HR ({0}% CI), weight, p", "Hazard ratio (log scale)")
            : new ForestHeaders("Study", "Median ({0}% CI), weight, p", "Median survival (log scale)");
        var options = ProtoMapper.ToCore(plot, "") with { Title = plot.Title.Length > 0 ? plot.Title : null };
        return ProtoMapper.ToProto(ForestPlotRenderer.Render(rows, options, level.Value, headers));
    }

    /// <summary>
    /// An estimate with a standard error of 10³⁰⁰ has limits of 0 and ∞, which have no place on a log axis: the row shows
    /// what remains and prints "–" for the rest.
    /// </summary>
    private static double? OnLogAxis(double value) => value is > 0 and < double.PositiveInfinity ? value : null;

    /// <summary>The name of a pooling method on the plot.</summary>
    public static string MethodName(PoolingMethod method) => method switch
    {
        PoolingMethod.FixedEffect => "Fixed effect",
        PoolingMethod.DerSimonianLaird => "Random effects (DL)",
        _ => "Random effects (REML)",
    };

    private static string Note(OneSampleLogRankResult test, int groups, ConfidenceLevel level)
    {
        var who = groups > 1 ? $"{ProtoMapper.DisplayLabel(test.Group, groups)}: " : "";
        if (test.Ratio is not { } ratio) return $"{who}O = {test.Observed}, E = {test.Expected.ToString("0.##", CultureInfo.InvariantCulture)}";
        var percent = (level.Value * 100).ToString("0.##", CultureInfo.InvariantCulture);
        var p = test.PValue!.Value;
        return string.Create(CultureInfo.InvariantCulture,
            $"{who}O/E = {test.Observed}/{test.Expected:0.0} = {ratio:0.00} ({percent}% CI {test.Lower:0.00}–{test.Upper:0.00}), one-sample log-rank {(p < 0.001 ? "p < 0.001" : $"p = {p:0.000}")}");
    }
}

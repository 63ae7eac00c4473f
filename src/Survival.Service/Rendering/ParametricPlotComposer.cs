using System.Collections.Immutable;
using Survival.Core;
using Survival.Core.Curves;
using Survival.Core.IntervalCensoring;
using Survival.Core.Parametric;
using Survival.Plotting;
using Survival.Service.Mapping;
using Survival.Service.Validation;
using Survival.V1;
using ProtoPlotOptions = Survival.V1.PlotOptions;

namespace Survival.Service.Rendering;

/// <summary>
/// The parametric fits' figures: Kaplan–Meier of each group (Turnbull's estimate for interval-censored data) with the
/// fitted curves over it, the hazards and the
/// log(−log S) diagnostic, each drawn when its options are given; the horizon is the axis's end unless x_max says
/// otherwise. Rendering rejections come back as field violations under the plot's path.
/// </summary>
internal static class ParametricPlotComposer
{
    public static void Render(FitParametricModelRequest request, ParametricAnalysis analysis, ImmutableArray<Core.Parametric.ParametricFit> fits, FitParametricModelResponse response)
    {
        if (request.Plot is null && request.HazardPlot is null && request.DiagnosticPlot is null) return;
        var kaplanMeier = Observed(analysis.Cohort);
        var curves = Curves(fits);
        var last = analysis.Data.LastTime;
        var horizon = analysis.Options.Horizon ?? last;
        if (request.Plot is { } plot) response.Plot = Draw(plot, "plot", options => ParametricPlotRenderer.RenderSurvival(kaplanMeier, curves, last, options));
        if (request.HazardPlot is { } hazard) response.HazardPlot = Draw(hazard, "hazard_plot", options => ParametricPlotRenderer.RenderHazard(kaplanMeier, curves, last, options));
        if (request.DiagnosticPlot is { } diagnostic)
            response.DiagnosticPlot = Draw(diagnostic, "diagnostic_plot", options => ParametricPlotRenderer.RenderDiagnostic(kaplanMeier, curves, last, options));

        RenderSurvivalPlotResponse Draw(ProtoPlotOptions proto, string path, Func<Plotting.PlotOptions, RenderedImage> render)
        {
            var options = ProtoMapper.ToCore(proto, analysis.Cohort.TimeUnit);
            if (options.XMax is null) options = options with { XMax = horizon };
            try
            {
                return ProtoMapper.ToProto(render(options));
            }
            catch (InputRuleException exception)
            {
                throw FieldViolations.Single(exception.Input is "fits" or "series" ? path : $"{path}.{exception.Input.ToLowerInvariant()}", exception.Requirement).ToRpcException();
            }
        }
    }

    /// <summary>
    /// The curves the fits are judged against: each group's Kaplan–Meier, or for an interval-censored cohort each group's
    /// Turnbull estimate (without bootstrap: the band is the interval plot's), its unidentified stretches as boxes.
    /// </summary>
    private static List<PlotSeries> Observed(CohortData cohort)
    {
        if (cohort.Intervals is { } intervals)
        {
            var options = new IntervalSummaryOptions { BootstrapReplicates = 0, Quantiles = [0.5] };
            return [.. Enumerable.Range(0, intervals.GroupCount).Select(g => TurnbullSeries.From(
                ProtoMapper.DisplayLabel(intervals.Groups[g], intervals.GroupCount),
                TurnbullSummary.Summarize(intervals.Group(g), options),
                options.Type, options.Level))];
        }
        var summaries = CohortSurvival.Summarize(cohort.Counts, new SurvivalSummaryOptions(), CancellationToken.None);
        return [.. summaries.Select(s => PlotSeries.FromSummary(ProtoMapper.DisplayLabel(s.Group, summaries.Length), s.Summary))];
    }

    /// <summary>Each fit's curve at each profile, named with its AIC; fits without predictions are left out.</summary>
    private static ImmutableArray<FittedCurve> Curves(ImmutableArray<Core.Parametric.ParametricFit> fits) =>
    [
        .. fits.Where(f => f.Converged).SelectMany(fit => fit.Predictions.Select(p => new FittedCurve(
            ParametricPlotRenderer.Label(ParametricRegression.Name(fit.Distribution) is var name ? char.ToUpperInvariant(name[0]) + name[1..] : "", fit.Aic),
            (int)fit.Distribution,
            [.. p.Curve.Select(c => c.Time)],
            [.. p.Curve.Select(c => c.Survival)],
            [.. p.Curve.Select(c => c.Hazard)]))),
    ];
}

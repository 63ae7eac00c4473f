using System.Collections.Immutable;
using Survival.Core.Inference;
using Survival.Core;
using Survival.Core.IntervalCensoring;
using Survival.Core.Parametric;
using Survival.Plotting;
using Survival.Service.Mapping;
using Survival.Service.Validation;
using Survival.V1;
using ProtoPlotOptions = Survival.V1.PlotOptions;

namespace Survival.Service.Rendering;

/// <summary>
/// Draws the Turnbull estimates of an interval-censored cohort: identified stretches as lines, unidentified ones as
/// boxes, the subjects under observation in the risk table, (two or more groups) the p-value of the first rank test,
/// and the parametric fits asked for (<c>IntervalEstimateOptions.overlay_distributions</c>) as dashed lines over them.
/// </summary>
internal static class IntervalPlotComposer
{
    private static readonly Dictionary<Core.IntervalCensoring.IntervalScore, string> TestNames = new()
    {
        [Core.IntervalCensoring.IntervalScore.SunLogRank] = "Interval log-rank (Sun)",
        [Core.IntervalCensoring.IntervalScore.FinkelsteinLogRank] = "Interval log-rank (Finkelstein)",
        [Core.IntervalCensoring.IntervalScore.PetoPetoWilcoxon] = "Interval Wilcoxon (Peto–Peto)",
    };

    public static RenderSurvivalPlotResponse Render(
        ImmutableArray<IntervalGroupSummary> summaries,
        Func<IntervalComparisonResult> comparison,
        IntervalSummaryOptions estimates,
        ProtoPlotOptions plot,
        string timeUnit,
        string path,
        IntervalCountingTable table,
        ImmutableArray<ParametricDistribution> overlays)
    {
        var options = ProtoMapper.ToCore(plot, timeUnit);
        var series = summaries
            .Select(s => TurnbullSeries.From(ProtoMapper.DisplayLabel(s.Group, summaries.Length), s.Summary, estimates.Type, estimates.Level))
            .ToList();
        var annotations = new PlotAnnotations { Overlays = Fits(table, overlays, options.XMax) };
        if (options.ShowPValue && summaries.Length > 1)
        {
            var test = comparison().Tests[0];
            annotations = annotations with { LogRankPValue = test.Permutation.Test.PValue, TestName = TestNames[test.Score] };
        }
        return PlotComposer.Draw(series, options, annotations, plot, path);
    }

    /// <summary>
    /// Each distribution fitted to the intervals with the group factor (<see cref="ParametricData.FromIntervals"/>, as
    /// FitParametricModel fits them) and drawn at each group to <paramref name="horizon"/> (else the last assessment);
    /// a fit that did not converge is left out, a distribution the data cannot take is a violation of its field.
    /// </summary>
    private static ImmutableArray<PlotOverlay> Fits(IntervalCountingTable table, ImmutableArray<ParametricDistribution> distributions, double? horizon)
    {
        if (distributions.IsDefaultOrEmpty) return [];
        var grouped = table.GroupCount > 1;
        var data = ParametricData.FromIntervals(table, grouped, stratified: false);
        var profiles = table.Groups.Select(g => new ParametricProfile(
            g, new Dictionary<string, double>(), grouped ? new Dictionary<string, string> { ["group"] = g } : new Dictionary<string, string>()));
        var options = new ParametricOptions { Profiles = [.. profiles], Horizon = horizon ?? data.LastTime };
        ImmutableArray<Core.Parametric.ParametricFit> fits;
        try
        {
            fits = ParametricRegression.Fit(data, distributions, options);
        }
        catch (InputRuleException exception)
        {
            throw FieldViolations.Single("options.interval.overlay_distributions", exception.Requirement).ToRpcException();
        }
        return
        [
            .. fits.Where(f => f.Converged).SelectMany(fit => fit.Predictions.Select(p => new PlotOverlay(
                (ParametricRegression.Name(fit.Distribution) is var name ? char.ToUpperInvariant(name[0]) + name[1..] : "") +
                (grouped ? ": " + p.Label : ""),
                [.. p.Curve.Select(c => c.Time)], [.. p.Curve.Select(c => c.Survival)], OverlayKind.Line))),
        ];
    }
}

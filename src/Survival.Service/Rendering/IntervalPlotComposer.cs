using System.Collections.Immutable;
using Survival.Core.Inference;
using Survival.Core.IntervalCensoring;
using Survival.Plotting;
using Survival.Service.Mapping;
using Survival.V1;
using ProtoPlotOptions = Survival.V1.PlotOptions;

namespace Survival.Service.Rendering;

/// <summary>
/// Draws the Turnbull estimates of an interval-censored cohort: identified stretches as lines, unidentified ones as
/// boxes, the subjects under observation in the risk table, and (two or more groups) the p-value of the first rank test.
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
        string path)
    {
        var options = ProtoMapper.ToCore(plot, timeUnit);
        var series = summaries
            .Select(s => TurnbullSeries.From(ProtoMapper.DisplayLabel(s.Group, summaries.Length), s.Summary, estimates.Type, estimates.Level))
            .ToList();
        PlotAnnotations? annotations = null;
        if (options.ShowPValue && summaries.Length > 1)
        {
            var test = comparison().Tests[0];
            annotations = new PlotAnnotations(test.Permutation.Test.PValue) { TestName = TestNames[test.Score] };
        }
        return PlotComposer.Draw(series, options, annotations, plot, path);
    }
}

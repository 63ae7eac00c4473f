using System.Collections.Immutable;
using Survival.Core.IntervalCensoring;
using Survival.Service.Mapping;
using Survival.Service.Rendering;
using Survival.Service.Validation;
using Survival.V1;

namespace Survival.Service.Services;

/// <summary>
/// The RPCs of <see cref="SurvivalAnalysisService"/> for an interval-censored cohort (<see cref="CohortData.Intervals"/>):
/// Turnbull's estimates, the interval-censored rank tests with the imputation sensitivity analyses, and the plot.
/// </summary>
internal static class IntervalAnalyses
{
    public static EstimateSurvivalResponse Estimate(Analysis analysis, CancellationToken cancellationToken) =>
        ProtoMapper.ToProto(Summarize(analysis, cancellationToken));

    public static CompareGroupsResponse Compare(Analysis analysis, CancellationToken cancellationToken)
    {
        var table = analysis.Cohort.Intervals!;
        return ProtoMapper.ToProto(Comparison(analysis, cancellationToken), table.Groups);
    }

    public static RenderSurvivalPlotResponse Render(Analysis analysis, CancellationToken cancellationToken) =>
        IntervalPlotComposer.Render(
            Summarize(analysis, cancellationToken), () => Comparison(analysis, cancellationToken), analysis.IntervalEstimates,
            analysis.Plot!, analysis.Cohort.TimeUnit, "plot", analysis.Cohort.Intervals!, analysis.IntervalOverlays);

    /// <summary>Estimates, comparison (two or more groups) and plot; the comparison runs beside the estimates, as for right-censored cohorts.</summary>
    public static async Task<AnalyzeCohortResponse> AnalyzeAsync(Analysis analysis, CancellationToken cancellationToken)
    {
        var comparing = analysis.Grouped
            ? Task.Run(() => (IntervalComparisonResult?)Comparison(analysis, cancellationToken), cancellationToken)
            : Task.FromResult<IntervalComparisonResult?>(null);
        ImmutableArray<IntervalGroupSummary> summaries;
        try
        {
            summaries = Summarize(analysis, cancellationToken);
        }
        finally
        {
            await Task.WhenAny(comparing);
        }
        var comparison = await comparing;
        var response = new AnalyzeCohortResponse { Estimates = ProtoMapper.ToProto(summaries) };
        if (comparison is not null) response.Comparison = ProtoMapper.ToProto(comparison, analysis.Cohort.Intervals!.Groups);
        if (analysis.Plot is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            response.Plot = IntervalPlotComposer.Render(
                summaries, () => comparison ?? Comparison(analysis, cancellationToken), analysis.IntervalEstimates, analysis.Plot,
                analysis.Cohort.TimeUnit, "plot", analysis.Cohort.Intervals!, analysis.IntervalOverlays);
        }
        return response;
    }

    private static ImmutableArray<IntervalGroupSummary> Summarize(Analysis analysis, CancellationToken cancellationToken) =>
        IntervalCohortSurvival.Summarize(analysis.Cohort.Intervals!, analysis.IntervalEstimates, cancellationToken);

    private static IntervalComparisonResult Comparison(Analysis analysis, CancellationToken cancellationToken) =>
        IntervalGroupComparison.Compare(
            analysis.Cohort.Intervals!, analysis.IntervalScores, analysis.Comparison?.Level ?? analysis.Estimates.Level,
            analysis.Comparison?.ReferenceGroup, cancellationToken);
}

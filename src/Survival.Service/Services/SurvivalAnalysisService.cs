using System.Collections.Immutable;
using Grpc.Core;
using Survival.Service.Mapping;
using Survival.Service.Rendering;
using Survival.Service.Validation;
using Survival.V1;
using Survival.Core;
using Survival.Core.Cox;
using Survival.Core.Curves;
using Survival.Core.GroupTests;

namespace Survival.Service.Services;

/// <summary>survival.v1.SurvivalAnalysis: reads each request into a checked <see cref="Analysis"/>, runs the engine, maps back.</summary>
public sealed partial class SurvivalAnalysisService : SurvivalAnalysis.SurvivalAnalysisBase
{
    /// <inheritdoc />
    public override Task<EstimateSurvivalResponse> EstimateSurvival(EstimateSurvivalRequest request, ServerCallContext context)
    {
        var analysis = AnalysisReader.Read(request);
        if (analysis.Cohort.Intervals is not null) return Task.FromResult(IntervalAnalyses.Estimate(analysis, context.CancellationToken));
        return Task.FromResult(ProtoMapper.ToProto(Summarize(analysis, context.CancellationToken)));
    }

    /// <inheritdoc />
    public override Task<CompareGroupsResponse> CompareGroups(CompareGroupsRequest request, ServerCallContext context)
    {
        var analysis = AnalysisReader.Read(request);
        if (analysis.Cohort.Intervals is not null) return Task.FromResult(IntervalAnalyses.Compare(analysis, context.CancellationToken));
        return Task.FromResult(ProtoMapper.ToProto(Compare(analysis.Cohort, analysis.Comparison!, context.CancellationToken)));
    }

    /// <inheritdoc />
    public override Task<RenderSurvivalPlotResponse> RenderSurvivalPlot(RenderSurvivalPlotRequest request, ServerCallContext context)
    {
        var analysis = AnalysisReader.Read(request);
        if (analysis.Cohort.Intervals is not null) return Task.FromResult(IntervalAnalyses.Render(analysis, context.CancellationToken));
        var summaries = Summarize(analysis, context.CancellationToken);
        return Task.FromResult(PlotComposer.Render(
            summaries, () => Compare(analysis.Cohort, analysis.Comparison!, context.CancellationToken), analysis.Estimates.Level,
            analysis.Plot!, analysis.Cohort.TimeUnit, "plot"));
    }

    /// <inheritdoc />
    public override Task<AnalyzeCohortResponse> AnalyzeCohort(AnalyzeCohortRequest request, ServerCallContext context) =>
        AnalyzeAsync(AnalysisReader.Read(request), context.CancellationToken);

    /// <inheritdoc />
    public override async Task<AnalyzeCohortResponse> AnalyzeCohortStream(
        IAsyncStreamReader<AnalyzeCohortRequest> requestStream, ServerCallContext context) =>
        await AnalyzeAsync(await AnalysisReader.ReadStreamAsync(requestStream, context.CancellationToken), context.CancellationToken);

    private static async Task<AnalyzeCohortResponse> AnalyzeAsync(Analysis analysis, CancellationToken cancellationToken)
    {
        if (analysis.Cohort.Intervals is not null) return await IntervalAnalyses.AnalyzeAsync(analysis, cancellationToken);
        // The summaries and the comparison only read the same immutable counting table, so the comparison runs beside
        // the summaries: a registry's answer takes the longer of the two rather than their sum.
        var comparing = analysis.Grouped
            ? Task.Run(() => (GroupComparisonResult?)Compare(analysis.Cohort, analysis.Comparison!, cancellationToken), cancellationToken)
            : Task.FromResult<GroupComparisonResult?>(null);
        ImmutableArray<GroupSummary> summaries;
        try
        {
            summaries = Summarize(analysis, cancellationToken);
        }
        finally
        {
            // No work of a failed call outlives it.
            await Task.WhenAny(comparing);
        }
        var comparison = await comparing;
        var response = new AnalyzeCohortResponse { Estimates = ProtoMapper.ToProto(summaries) };
        if (comparison is not null) response.Comparison = ProtoMapper.ToProto(comparison);
        if (analysis.Plot is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            response.Plot = PlotComposer.Render(
                summaries, () => PlotComparison(analysis, comparison, cancellationToken), analysis.Estimates.Level,
                analysis.Plot, analysis.Cohort.TimeUnit, "plot");
        }
        return response;
    }

    private static ImmutableArray<GroupSummary> Summarize(Analysis analysis, CancellationToken cancellationToken) =>
        CohortSurvival.Summarize(analysis.Cohort.Counts, analysis.Estimates, cancellationToken);

    /// <inheritdoc />
    public override Task<FitCoxModelResponse> FitCoxModel(FitCoxModelRequest request, ServerCallContext context)
    {
        AnalysisReader.Check(request);
        var data = ProtoMapper.ToCoxRegressionData(request);
        context.CancellationToken.ThrowIfCancellationRequested();
        var fit = CoxRegression.Fit(data, ProtoMapper.ToCoxRegressionOptions(request), ProtoMapper.ToCoxProfiles(request));
        var response = ProtoMapper.ToProto(fit);
        if (request.ForestPlot is not null) response.ForestPlot = ForestPlotComposer.Render(fit, request.ForestPlot, request.ConfLevel);
        return Task.FromResult(response);
    }

    /// <summary>
    /// The plot prints a log-rank p-value and the hazard ratio of the requested Cox model: the comparison already made
    /// when it ran the log-rank test, else the requested comparison with that test alone.
    /// </summary>
    private static GroupComparisonResult PlotComparison(Analysis analysis, GroupComparisonResult? comparison, CancellationToken cancellationToken)
    {
        if (comparison is not null && comparison.Tests.Any(t => t.Weight == Core.GroupTests.TestWeight.LogRank)) return comparison;
        var logRankOnly = analysis.Comparison! with { Weights = [], Pairwise = false, Trend = false };
        return Compare(analysis.Cohort, logRankOnly, cancellationToken);
    }

    private static GroupComparisonResult Compare(CohortData cohort, GroupComparisonOptions options, CancellationToken cancellationToken) =>
        GroupComparison.Compare(cohort.Counts, options, cancellationToken);
}

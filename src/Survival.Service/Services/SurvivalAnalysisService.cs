using Grpc.Core;
using Survival.Core;
using Survival.Service.Mapping;
using Survival.Service.Rendering;
using Survival.Service.Validation;
using Survival.V1;

namespace Survival.Service.Services;

/// <summary>survival.v1.SurvivalAnalysis: validates each request, maps it to the engine and back.</summary>
public sealed class SurvivalAnalysisService : SurvivalAnalysis.SurvivalAnalysisBase
{
    /// <inheritdoc />
    public override Task<EstimateSurvivalResponse> EstimateSurvival(EstimateSurvivalRequest request, ServerCallContext context)
    {
        RequestValidator.Validate(request);
        var cohort = ProtoMapper.ToCore(request.Cohort);
        return Task.FromResult(ProtoMapper.ToProto(Summarize(cohort, request.Options, context)));
    }

    /// <inheritdoc />
    public override Task<CompareGroupsResponse> CompareGroups(CompareGroupsRequest request, ServerCallContext context)
    {
        var options = ProtoMapper.ToComparisonOptions(request);
        RequestValidator.Validate(request, options);
        var cohort = ProtoMapper.ToCore(request.Cohort);
        RequestValidator.ValidateComparison(options, "", cohort.Groups);
        context.CancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(ProtoMapper.ToProto(Compare(cohort, options, request.ConfLevel)));
    }

    /// <inheritdoc />
    public override Task<RenderSurvivalPlotResponse> RenderSurvivalPlot(RenderSurvivalPlotRequest request, ServerCallContext context)
    {
        RequestValidator.Validate(request);
        var cohort = ProtoMapper.ToCore(request.Cohort);
        RequestValidator.ValidatePlot(request.Plot, cohort.Groups);
        var summaries = Summarize(cohort, request.Options, context);
        var confLevel = request.Options?.ConfLevel ?? 0;
        return Task.FromResult(PlotComposer.Render(
            summaries, () => Compare(cohort, null, confLevel), ProtoMapper.ToCore(request.Options).Level,
            request.Plot ?? new PlotOptions(), cohort.TimeUnit, "plot"));
    }

    /// <inheritdoc />
    public override Task<AnalyzeCohortResponse> AnalyzeCohort(AnalyzeCohortRequest request, ServerCallContext context)
    {
        RequestValidator.Validate(request);
        var cohort = ProtoMapper.ToCore(request.Cohort);
        var grouped = cohort.Groups.LevelCount > 1;
        if (grouped) RequestValidator.ValidateComparison(request.Comparison, "comparison.", cohort.Groups);
        RequestValidator.ValidatePlot(request.Plot, cohort.Groups);

        var summaries = Summarize(cohort, request.Options, context);
        var confLevel = request.Options?.ConfLevel ?? 0;
        var comparison = grouped ? Compare(cohort, request.Comparison, confLevel) : null;
        var response = new AnalyzeCohortResponse { Estimates = ProtoMapper.ToProto(summaries) };
        if (comparison is not null) response.Comparison = ProtoMapper.ToProto(comparison);
        if (request.Plot is not null)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            response.Plot = PlotComposer.Render(
                summaries,
                // The plot prints a log-rank p-value; reuse the comparison when it ran that test.
                () => comparison is not null && comparison.Tests.Any(t => t.Weight == Core.TestWeight.LogRank) ? comparison : Compare(cohort, null, confLevel),
                ProtoMapper.ToCore(request.Options).Level,
                request.Plot, cohort.TimeUnit, "plot");
        }
        return Task.FromResult(response);
    }

    private static System.Collections.Immutable.ImmutableArray<GroupSummary> Summarize(CohortData cohort, EstimateOptions? options, ServerCallContext context) =>
        CohortSurvival.Summarize(cohort.Data, cohort.Groups, ProtoMapper.ToCore(options), context.CancellationToken);

    private static GroupComparisonResult Compare(CohortData cohort, ComparisonOptions? options, double confLevel) =>
        GroupComparison.Compare(cohort.Data, cohort.Groups, cohort.Strata, ProtoMapper.ToCore(options, confLevel));
}

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
        RequestValidator.ValidateComparison(options, "", request.Cohort, cohort.Groups, requireTwoGroups: true);
        context.CancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(ProtoMapper.ToProto(Compare(cohort, options, request.ConfLevel, context.CancellationToken)));
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
            summaries, () => Compare(cohort, null, confLevel, context.CancellationToken), ProtoMapper.ToCore(request.Options).Level,
            request.Plot ?? new PlotOptions(), cohort.TimeUnit, "plot"));
    }

    /// <inheritdoc />
    public override Task<AnalyzeCohortResponse> AnalyzeCohort(AnalyzeCohortRequest request, ServerCallContext context)
    {
        RequestValidator.Validate(request);
        var cohort = ProtoMapper.ToCore(request.Cohort);
        var grouped = cohort.Groups.LevelCount > 1;
        RequestValidator.ValidateComparison(request.Comparison, "comparison.", request.Cohort, cohort.Groups, requireTwoGroups: false);
        RequestValidator.ValidatePlot(request.Plot, cohort.Groups);

        var summaries = Summarize(cohort, request.Options, context);
        var confLevel = request.Options?.ConfLevel ?? 0;
        var comparison = grouped ? Compare(cohort, request.Comparison, confLevel, context.CancellationToken) : null;
        var response = new AnalyzeCohortResponse { Estimates = ProtoMapper.ToProto(summaries) };
        if (comparison is not null) response.Comparison = ProtoMapper.ToProto(comparison);
        if (request.Plot is not null)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            response.Plot = PlotComposer.Render(
                summaries,
                () => PlotComparison(cohort, comparison, request.Comparison, confLevel, context.CancellationToken),
                ProtoMapper.ToCore(request.Options).Level,
                request.Plot, cohort.TimeUnit, "plot");
        }
        return Task.FromResult(response);
    }

    /// <inheritdoc />
    public override Task<FitCoxModelResponse> FitCoxModel(FitCoxModelRequest request, ServerCallContext context)
    {
        RequestValidator.Validate(request);
        var data = ProtoMapper.ToCoxRegressionData(request);
        context.CancellationToken.ThrowIfCancellationRequested();
        var fit = CoxRegression.Fit(data, ProtoMapper.ToCoxRegressionOptions(request), ProtoMapper.ToCoxProfiles(request));
        var response = ProtoMapper.ToProto(fit);
        if (request.ForestPlot is not null) response.ForestPlot = ForestPlotComposer.Render(fit, request.ForestPlot, request.ConfLevel);
        return Task.FromResult(response);
    }

    private static System.Collections.Immutable.ImmutableArray<GroupSummary> Summarize(CohortData cohort, EstimateOptions? options, ServerCallContext context) =>
        CohortSurvival.Summarize(cohort.Data, cohort.Groups, ProtoMapper.ToCore(options), context.CancellationToken);

    /// <summary>
    /// The plot prints a log-rank p-value and the hazard ratio of the requested Cox model: the comparison already made
    /// when it ran the log-rank test, else the requested comparison with that test alone.
    /// </summary>
    private static GroupComparisonResult PlotComparison(
        CohortData cohort, GroupComparisonResult? comparison, ComparisonOptions? requested, double confLevel, CancellationToken cancellationToken)
    {
        if (comparison is not null && comparison.Tests.Any(t => t.Weight == Core.TestWeight.LogRank)) return comparison;
        var logRankOnly = requested?.Clone() ?? new ComparisonOptions();
        logRankOnly.Weights.Clear();
        (logRankOnly.Pairwise, logRankOnly.Trend) = (false, false);
        return Compare(cohort, logRankOnly, confLevel, cancellationToken);
    }

    private static GroupComparisonResult Compare(CohortData cohort, ComparisonOptions? options, double confLevel, CancellationToken cancellationToken) =>
        GroupComparison.Compare(cohort.Data, cohort.Groups, cohort.Strata, ProtoMapper.ToCore(options, confLevel), cancellationToken);
}

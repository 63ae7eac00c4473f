using System.Collections.Immutable;
using Grpc.Core;
using Survival.Service.Mapping;
using Survival.Service.Rendering;
using Survival.Service.Validation;
using Survival.V1;
using Survival.Core;
using Survival.Core.Cox;
using Survival.Core.Design;
using Survival.Core.Curves;
using Survival.Core.GroupTests;
using Survival.Core.Parametric;

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
    public override async Task<CompareGroupsResponse> CompareGroups(CompareGroupsRequest request, ServerCallContext context)
    {
        var analysis = AnalysisReader.Read(request);
        if (analysis.Cohort.Intervals is not null) return IntervalAnalyses.Compare(analysis, context.CancellationToken);
        var options = await CallMemory.AdmitExactAsync(analysis.Cohort.Counts, analysis.Comparison!, context);
        return ProtoMapper.ToProto(Compare(analysis.Cohort, options, context.CancellationToken));
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
        AnalyzeAsync(AnalysisReader.Read(request), context);

    /// <inheritdoc />
    public override async Task<AnalyzeCohortResponse> AnalyzeCohortStream(
        IAsyncStreamReader<AnalyzeCohortRequest> requestStream, ServerCallContext context) =>
        await AnalyzeAsync(await AnalysisReader.ReadStreamAsync(requestStream, context.CancellationToken), context);

    private static async Task<AnalyzeCohortResponse> AnalyzeAsync(Analysis analysis, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        if (analysis.Cohort.Intervals is not null) return await IntervalAnalyses.AnalyzeAsync(analysis, cancellationToken);
        // An exact test holds its distribution's memory before any work, or the call is refused.
        if (analysis.Grouped) analysis = analysis with { Comparison = await CallMemory.AdmitExactAsync(analysis.Cohort.Counts, analysis.Comparison!, context) };
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

    private static ImmutableArray<GroupSummary> Summarize(Analysis analysis, CancellationToken cancellationToken)
    {
        try
        {
            return CohortSurvival.Summarize(analysis.Cohort.Counts, analysis.Estimates, cancellationToken);
        }
        catch (InputRuleException rule)
        {
            throw EstimateOptionsRules.UnderOptions(rule);
        }
    }

    /// <inheritdoc />
    public override Task<FitCoxModelResponse> FitCoxModel(FitCoxModelRequest request, ServerCallContext context)
    {
        AnalysisReader.Check(request);
        var data = ProtoMapper.ToCoxRegressionData(request);
        context.CancellationToken.ThrowIfCancellationRequested();
        var fit = CoxRegression.Fit(data, ProtoMapper.ToCoxRegressionOptions(request), ProtoMapper.ToCoxProfiles(request));
        var response = ProtoMapper.ToResponse(fit);
        if (request.ForestPlot is not null) response.ForestPlot = ForestPlotComposer.Render(fit, request.ForestPlot, request.ConfLevel);
        return Task.FromResult(response);
    }

    /// <inheritdoc />
    public override Task<FitParametricModelResponse> FitParametricModel(FitParametricModelRequest request, ServerCallContext context)
    {
        var analysis = ParametricReader.Read(request);
        var fits = analysis.Distributions.IsEmpty
            ? []
            : ParametricRegression.Fit(analysis.Data, analysis.Distributions, analysis.Options, context.CancellationToken);
        var response = ProtoMapper.ToProto(analysis, fits);
        ParametricPlotComposer.Render(request, analysis, fits, response);
        return Task.FromResult(response);
    }

    /// <inheritdoc />
    public override Task<PlanStudyResponse> PlanStudy(PlanStudyRequest request, ServerCallContext context)
    {
        var input = PlanReader.Read(request);
        var plan = input.Plan;
        var power = plan.HasPower ? plan.Power : 0.8;
        try
        {
            if (input.OneArm is { } oneArm)
            {
                return Task.FromResult(ProtoMapper.ToProto(input, plan.Target == PlanTarget.Power
                    ? OneSampleLogRankPlan.Power(oneArm, plan.Patients)
                    : OneSampleLogRankPlan.SampleSize(oneArm, power)));
            }
            var design = input.TwoArms!;
            var result = plan.Target == PlanTarget.Power
                ? TwoArmLogRankPlan.Power(design, plan.HasEvents ? plan.Events : null, plan.HasPatients ? plan.Patients : null, plan.HasFollowUp ? plan.FollowUp : null)
                : plan.HasFollowUp ? TwoArmLogRankPlan.SampleSize(design, power, plan.FollowUp) : TwoArmLogRankPlan.FollowUpFor(design, power, plan.Patients);
            return Task.FromResult(ProtoMapper.ToProto(input, result));
        }
        catch (InputRuleException rule)
        {
            // What only the computation finds (patients too few for the events) is a field of the plan.
            throw new InputRuleException($"plan.{rule.Input}", rule.Requirement);
        }
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

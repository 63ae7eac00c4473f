using System.Collections.Immutable;
using Grpc.Core;
using Survival.Core.Counting;
using Survival.Core.Cox;
using Survival.Core.Curves;
using Survival.Core.External;
using Survival.Core.GroupTests;
using Survival.Core.MetaAnalysis;
using Survival.Core.Reconstruction;
using Survival.Service.Mapping;
using Survival.Service.Rendering;
using Survival.Service.Validation;
using Survival.V1;

namespace Survival.Service.Services;

/// <summary>This part: patients rebuilt from published curves, comparisons with an external control, pooled studies.</summary>
public sealed partial class SurvivalAnalysisService
{
    /// <summary>The group of every study's patients together in the pooled curves.</summary>
    public const string AllStudiesLabel = "All studies";

    /// <inheritdoc />
    public override Task<ReconstructCohortResponse> ReconstructCohort(ReconstructCohortRequest request, ServerCallContext context)
    {
        var analysis = AnalysisReader.Read(request);
        var response = new ReconstructCohortResponse { Cohort = new Cohort { TimeUnit = analysis.TimeUnit } };
        var drawn = new List<(string, PublishedCurve, SurvivalSummary)>();
        foreach (var (label, curve) in analysis.Arms)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var cohort = GuyotReconstruction.Rebuild(curve, analysis.Fix);
            response.Cohort.Subjects.Add(ProtoMapper.ToSubjects(label, cohort));
            response.Arms.Add(ProtoMapper.ToProto(label, cohort));
            if (analysis.Plot is not null) drawn.Add((label, curve, SurvivalSummary.Summarize(cohort.ToSurvivalData(), new SurvivalSummaryOptions())));
        }
        if (analysis.Plot is not null) response.Plot = LiteraturePlots.Reconstruction(drawn, analysis.Plot, analysis.TimeUnit);
        return Task.FromResult(response);
    }

    /// <inheritdoc />
    public override Task<CompareExternalResponse> CompareExternal(CompareExternalRequest request, ServerCallContext context)
    {
        var analysis = AnalysisReader.Read(request);
        var tests = OneSampleLogRank.TestEachGroup(analysis.Cohort.Counts, analysis.Reference, analysis.Variance, analysis.Level);
        var response = new CompareExternalResponse { Tests = { tests.Select(ProtoMapper.ToProto) } };
        if (ReferenceQuantile.Time(analysis.Reference) is { } median) response.ReferenceMedian = median;

        GroupComparisonResult? comparison = null;
        if (analysis.ReferenceCohort is { } reference)
        {
            // The reference's patients become a group beside the cohort's, and the reference group of every contrast.
            var merged = CountingTable.Merge([(analysis.Cohort.Counts, (g, s) => (g, s)), (reference.Counts, (_, s) => (analysis.ReferenceLabel, s))]);
            var options = new GroupComparisonOptions { ReferenceGroup = analysis.ReferenceLabel, Level = analysis.Level, RmstTau = analysis.RmstTau };
            comparison = GroupComparison.Compare(merged, options, context.CancellationToken);
            response.Comparison = ProtoMapper.ToProto(comparison);
        }
        if (analysis.Plot is not null)
        {
            var summaryOptions = new SurvivalSummaryOptions { Level = analysis.Level };
            var cohort = CohortSurvival.Summarize(analysis.Cohort.Counts, summaryOptions, context.CancellationToken);
            var referenceSummary = analysis.ReferenceCohort is { } r ? CohortSurvival.Summarize(r.Counts, summaryOptions)[0].Summary : null;
            response.Plot = LiteraturePlots.External(cohort, referenceSummary, analysis.Reference, analysis.ReferenceLabel, tests,
                () => comparison!, analysis.Level, analysis.Plot, analysis.Cohort.TimeUnit);
        }
        return Task.FromResult(response);
    }

    /// <inheritdoc />
    public override Task<PoolStudiesResponse> PoolStudies(PoolStudiesRequest request, ServerCallContext context)
    {
        var analysis = AnalysisReader.Read(request);
        var hazardRatio = analysis.Measure != PooledMeasure.Median;
        var reference = analysis.ReferenceGroup.Length > 0 ? analysis.ReferenceGroup : null;
        var estimates = analysis.Studies.Select(s => s switch
        {
            { Given: { } given } => new CohortStudyEstimate(given, null),
            _ when hazardRatio => CohortStudyEstimate.LogHazardRatio(s.Label, s.Cohort!.Counts, ProtoMapper.ToCore(analysis.Ties), reference, analysis.Level),
            _ => CohortStudyEstimate.LogMedian(s.Label, s.Cohort!.Counts, analysis.Level),
        }).ToArray();
        var estimable = estimates.Where(e => e.Estimate is not null).Select(e => e.Estimate!).ToArray();
        var pooled = estimable.Length > 0 ? analysis.Methods.Select(m => InverseVariancePooling.Pool(estimable, m, analysis.Level)).ToArray() : [];

        var response = new PoolStudiesResponse { Pooled = { pooled.Select(ProtoMapper.ToProto) } };
        var position = 0;
        for (var i = 0; i < analysis.Studies.Length; i++)
        {
            var (estimate, reason) = estimates[i];
            var row = estimate is null
                ? new StudyResult { Label = analysis.Studies[i].Label, NotEstimableReason = reason ?? "" }
                : ProtoMapper.ToProto(estimate, analysis.Level, pooled.Select(p => p.WeightsPercent[position]));
            if (estimate is not null) position++;
            if (analysis.Studies[i].Cohort is { } cohort) (row.Subjects, row.Events) = (cohort.Counts.SubjectCount, Events(cohort.Counts));
            response.Studies.Add(row);
        }
        if (analysis.ForestPlot is not null && pooled.Length > 0)
        {
            response.ForestPlot = LiteraturePlots.Forest(
                [.. estimates.Select((e, i) => ((StudyEstimate?)e.Estimate, analysis.Studies[i].Label))], pooled, hazardRatio, analysis.Level, analysis.ForestPlot);
        }
        if (analysis.AllCohorts) AddCurves(analysis, hazardRatio, response, context.CancellationToken);
        return Task.FromResult(response);
    }

    /// <summary>Each study's curves and those of all patients together, and with two groups throughout, the Cox model stratified by study.</summary>
    private static void AddCurves(PoolingAnalysis analysis, bool hazardRatio, PoolStudiesResponse response, CancellationToken cancellationToken)
    {
        static string Label(string prefix, string group, int groups) => groups > 1 ? $"{prefix}: {group}" : prefix;
        var studies = analysis.Studies;
        var byStudy = CountingTable.Merge([.. studies.Select(s => (s.Cohort!.Counts,
            (Func<string, string, (string, string)>)((g, _) => (Label(s.Label, g, s.Cohort.Counts.GroupCount), ""))))]);
        var all = CountingTable.Merge([.. studies.Select(s => (s.Cohort!.Counts,
            (Func<string, string, (string, string)>)((g, _) => (Label(AllStudiesLabel, g, s.Cohort.Counts.GroupCount), ""))))]);
        var options = new SurvivalSummaryOptions { Level = analysis.Level, MedianFollowUp = true };
        var pooled = CohortSurvival.Summarize(all, options, cancellationToken);
        ImmutableArray<GroupSummary> summaries = [.. CohortSurvival.Summarize(byStudy, options, cancellationToken), .. pooled];
        response.Survival = ProtoMapper.ToProto(summaries);
        var timeUnit = studies[0].Cohort!.TimeUnit;
        if (analysis.SurvivalPlot is not null)
        {
            // Single-arm series are drawn study by study beside all of them; with arms, each arm of all studies together
            // (every study's arm would be too many curves to tell apart; they are in `survival`).
            var drawn = studies.All(s => s.Cohort!.Counts.GroupCount == 1) ? summaries : pooled;
            response.SurvivalPlot = PlotComposer.Render(drawn, () => throw new InvalidOperationException("the curves by study print no comparison"),
                analysis.Level, analysis.SurvivalPlot, timeUnit, "survival_plot");
        }

        var labels = studies[0].Cohort!.Counts.Groups;
        if (!hazardRatio || !studies.All(s => s.Cohort!.Counts.Groups.SequenceEqual(labels))) return;
        var stratified = CountingTable.Merge([.. studies.Select(s => (s.Cohort!.Counts, (Func<string, string, (string, string)>)((g, _) => (g, s.Label))))]);
        var reference = analysis.ReferenceGroup.Length > 0 ? analysis.ReferenceGroup : null;
        response.StratifiedCox = ProtoMapper.ToProto(
            CoxProportionalHazards.Fit(stratified, stratified: true, ProtoMapper.ToCore(analysis.Ties), reference, analysis.Level));
    }

    private static int Events(CountingTable counts)
    {
        var events = 0;
        for (var s = 0; s < counts.StratumCount; s++)
            for (var g = 0; g < counts.GroupCount; g++)
                foreach (var d in counts.Events(s, g)) events += d;
        return events;
    }
}

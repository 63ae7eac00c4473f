using Grpc.Core;
using Survival.Service.Mapping;
using Survival.V1;
using Survival.Core;

namespace Survival.Service.Validation;

/// <summary>
/// The one place where each RPC's request becomes an <see cref="Analysis"/>: every field is checked before any work,
/// and bad input fails with every violation named. Checks that need the cohort's groups run once it is counted.
/// </summary>
internal static partial class AnalysisReader
{
    private const string SameAsFirst = "must be absent or equal to the first message's in a stream";

    public static Analysis Read(EstimateSurvivalRequest request)
    {
        var (cohort, violations) = Start(request.Cohort);
        EstimateOptionsRules.Check(request.Options, "options", violations);
        return Finish(cohort, violations, request.Options, null, "", requireTwoGroups: false, null, request.Options?.ConfLevel ?? 0);
    }

    public static Analysis Read(CompareGroupsRequest request)
    {
        var options = ProtoMapper.ToComparisonOptions(request);
        var (cohort, violations) = Start(request.Cohort);
        ComparisonRules.Check(options, "", violations);
        if (request.ConfLevel != 0 && !InputRules.IsConfidenceLevel(request.ConfLevel))
            violations.Add("conf_level", InputRules.ConfidenceLevelRequirement);
        return Finish(cohort, violations, null, options, "", requireTwoGroups: true, null, request.ConfLevel);
    }

    public static Analysis Read(RenderSurvivalPlotRequest request)
    {
        var (cohort, violations) = Start(request.Cohort);
        EstimateOptionsRules.Check(request.Options, "options", violations);
        PlotRules.Check(request.Plot, "plot", violations);
        // The plot's p-value and hazard ratio come from the default comparison.
        return Finish(cohort, violations, request.Options, new ComparisonOptions(), "", requireTwoGroups: false,
            request.Plot ?? new PlotOptions(), request.Options?.ConfLevel ?? 0);
    }

    public static Analysis Read(AnalyzeCohortRequest request)
    {
        var (cohort, violations) = Start(request.Cohort);
        CheckOptions(request, violations);
        return Finish(cohort, violations, request);
    }

    /// <summary>Checks a Cox regression request; its per-subject design is read by the mapper once checked.</summary>
    public static void Check(FitCoxModelRequest request)
    {
        var violations = new FieldViolations();
        CoxModelRules.Check(request, violations);
        violations.ThrowIfAny();
    }

    /// <summary>
    /// Reads a stream of AnalyzeCohortRequest messages: the first carries the options, and every message's cohort is
    /// counted as it arrives, so the cohort is never held whole. A later message may repeat the options but not change them.
    /// </summary>
    public static async Task<Analysis> ReadStreamAsync(IAsyncStreamReader<AnalyzeCohortRequest> stream, CancellationToken cancellationToken)
    {
        var cohort = new CohortReader();
        var violations = new FieldViolations();
        AnalyzeCohortRequest? first = null;
        while (await stream.MoveNext(cancellationToken))
        {
            var message = stream.Current;
            if (first is null)
            {
                first = new AnalyzeCohortRequest { Options = message.Options, Comparison = message.Comparison, Plot = message.Plot };
                CheckOptions(first, violations);
            }
            else CheckSameOptions(message, first, violations);
            cohort.Read(message.Cohort, violations);
            // Stop reading at the first bad message: the caller learns at once, and nothing more is counted.
            violations.ThrowIfAny();
        }
        return Finish(cohort, violations, first ?? new AnalyzeCohortRequest());
    }

    private static (CohortReader Cohort, FieldViolations Violations) Start(Cohort? message)
    {
        var cohort = new CohortReader();
        var violations = new FieldViolations();
        cohort.Read(message, violations);
        return (cohort, violations);
    }

    private static void CheckOptions(AnalyzeCohortRequest request, FieldViolations violations)
    {
        EstimateOptionsRules.Check(request.Options, "options", violations);
        ComparisonRules.Check(request.Comparison, "comparison.", violations);
        PlotRules.Check(request.Plot, "plot", violations);
    }

    private static void CheckSameOptions(AnalyzeCohortRequest message, AnalyzeCohortRequest first, FieldViolations violations)
    {
        if (message.Options is not null && !message.Options.Equals(first.Options)) violations.Add("options", SameAsFirst);
        if (message.Comparison is not null && !message.Comparison.Equals(first.Comparison)) violations.Add("comparison", SameAsFirst);
        if (message.Plot is not null && !message.Plot.Equals(first.Plot)) violations.Add("plot", SameAsFirst);
    }

    private static Analysis Finish(CohortReader cohort, FieldViolations violations, AnalyzeCohortRequest request) =>
        Finish(cohort, violations, request.Options, request.Comparison ?? new ComparisonOptions(), "comparison.",
            requireTwoGroups: false, request.Plot, request.Options?.ConfLevel ?? 0);

    private static Analysis Finish(
        CohortReader reader,
        FieldViolations violations,
        EstimateOptions? estimates,
        ComparisonOptions? comparison,
        string comparisonPrefix,
        bool requireTwoGroups,
        PlotOptions? plot,
        double confLevel)
    {
        IntervalRules.Check(estimates?.Interval, "options.interval", violations);
        IntervalRules.Check(comparison?.Interval, $"{comparisonPrefix}interval", violations);
        var cohort = reader.Finish(violations);
        violations.ThrowIfAny();
        ComparisonRules.CheckAgainst(comparison, comparisonPrefix, cohort!, requireTwoGroups, violations);
        PlotRules.CheckAgainst(plot, "plot", cohort!, violations);
        if (cohort!.Intervals is not null) IntervalRules.CheckAgainst(estimates, comparison, comparisonPrefix, plot, violations);
        violations.ThrowIfAny();
        return new Analysis(cohort!, ProtoMapper.ToCore(estimates), comparison is null ? null : ProtoMapper.ToCore(comparison, confLevel), plot)
        {
            IntervalEstimates = ProtoMapper.ToCoreInterval(estimates),
            IntervalScores = ProtoMapper.ToCore(comparison?.Interval),
            IntervalOverlays = [.. (estimates?.Interval?.OverlayDistributions ?? []).Distinct().Select(ProtoMapper.ToCore)],
        };
    }
}

using Survival.V1;

namespace Survival.Service.Validation;

/// <summary>What the options of an interval-censored cohort must satisfy, reported by field path.</summary>
internal static class IntervalRules
{
    /// <summary>The most bootstrap replicates one request may ask for.</summary>
    public const int MaxBootstrapReplicates = 10_000;

    private const string NotForIntervals = "for interval-censored data";

    /// <summary>The most parametric fits drawn over Turnbull's curves (each adds a line per group).</summary>
    public const int MaxOverlayDistributions = 3;

    public static void Check(IntervalEstimateOptions? options, string path, FieldViolations violations)
    {
        if (options is { HasBootstrapReplicates: true, BootstrapReplicates: < 0 or > MaxBootstrapReplicates })
            violations.Add($"{path}.bootstrap_replicates", $"must be from 0 (no bootstrap) to {MaxBootstrapReplicates}");
        if (options is null) return;
        if (options.OverlayDistributions.Count > MaxOverlayDistributions)
            violations.Add($"{path}.overlay_distributions", $"may name at most {MaxOverlayDistributions} distributions (each draws a line per group)");
        for (var i = 0; i < options.OverlayDistributions.Count; i++)
            ParametricReader.CheckDistribution(options.OverlayDistributions[i], $"{path}.overlay_distributions[{i}]", violations);
    }

    public static void Check(IntervalComparisonOptions? options, string path, FieldViolations violations)
    {
        if (options is null) return;
        for (var i = 0; i < options.Scores.Count; i++) EnumRules.CheckDefined(options.Scores[i], $"{path}.scores[{i}]", violations);
    }

    /// <summary>
    /// Once the cohort turns out to be interval-censored: the options made for right-censored data that do not apply to it
    /// are rejected by name rather than ignored.
    /// </summary>
    public static void CheckAgainst(EstimateOptions? estimates, ComparisonOptions? comparison, string comparisonPrefix, PlotOptions? plot, FieldViolations violations)
    {
        if (estimates is { HasRmstTau: true })
            violations.Add("options.rmst_tau", $"must be absent {NotForIntervals}: the restricted mean is not identified where Turnbull's estimate is not; ask for landmark_times");
        if (estimates is { MedianFollowUp: true })
            violations.Add("options.median_follow_up", $"must be off {NotForIntervals}: follow-up ends at the last assessment, not at a censoring time");
        if (comparison is not null)
        {
            var p = comparisonPrefix;
            if (comparison.Weights.Count > 0)
                violations.Add($"{p}weights", $"must be empty {NotForIntervals}: choose the interval-censored tests with {p}interval.scores");
            if (comparison.Stratified) violations.Add($"{p}stratified", $"must be off {NotForIntervals}: the interval-censored tests are not stratified");
            if (comparison.Trend) violations.Add($"{p}trend", $"must be off {NotForIntervals}");
            if (comparison.Pairwise) violations.Add($"{p}pairwise", $"must be off {NotForIntervals}");
            if (comparison.HasRmstTau) violations.Add($"{p}rmst_tau", $"must be absent {NotForIntervals}: the restricted mean is not identified");
            if (comparison.LandmarkTimes.Count > 0) violations.Add($"{p}landmark_times", $"must be empty {NotForIntervals}: the estimates report each group's landmarks");
        }
        if (plot is null) return;
        if (plot.CurveKind == CurveKind.CumulativeHazard)
            violations.Add("plot.curve_kind", $"must be survival or cumulative incidence {NotForIntervals}: Turnbull's estimate has no Nelson–Aalen hazard");
        if (plot.ShowHazardRatio)
            violations.Add("plot.show_hazard_ratio", $"must be off {NotForIntervals}: the hazard ratios of the imputed Cox models are in the comparison, beside the interval-censored tests");
    }
}

using Survival.Core;
using Survival.V1;

namespace Survival.Service.Validation;

/// <summary>
/// Checks each request before any work, so bad input fails fast with every violation named. Checks that need the
/// cohort's groups run once the cohort is mapped.
/// </summary>
internal static class RequestValidator
{
    public static void Validate(EstimateSurvivalRequest request) => Run(v =>
    {
        CohortRules.Check(request.Cohort, "cohort", v);
        EstimateOptionsRules.Check(request.Options, "options", v);
    });

    public static void Validate(CompareGroupsRequest request, ComparisonOptions options) => Run(v =>
    {
        CohortRules.Check(request.Cohort, "cohort", v);
        ComparisonRules.Check(options, "", v);
        if (request.ConfLevel != 0 && !InputRules.IsConfidenceLevel(request.ConfLevel))
            v.Add("conf_level", InputRules.ConfidenceLevelRequirement);
    });

    public static void Validate(RenderSurvivalPlotRequest request) => Run(v =>
    {
        CohortRules.Check(request.Cohort, "cohort", v);
        EstimateOptionsRules.Check(request.Options, "options", v);
        PlotRules.Check(request.Plot, "plot", v);
    });

    public static void Validate(AnalyzeCohortRequest request) => Run(v =>
    {
        CohortRules.Check(request.Cohort, "cohort", v);
        EstimateOptionsRules.Check(request.Options, "options", v);
        ComparisonRules.Check(request.Comparison, "comparison.", v);
        PlotRules.Check(request.Plot, "plot", v);
    });

    public static void Validate(FitCoxModelRequest request) => Run(v => CoxModelRules.Check(request, v));

    public static void ValidateComparison(ComparisonOptions? options, string prefix, Cohort cohort, Factor groups, bool requireTwoGroups) =>
        Run(v => ComparisonRules.CheckAgainst(options, prefix, cohort, groups, requireTwoGroups, v));

    public static void ValidatePlot(PlotOptions? plot, Factor groups) => Run(v => PlotRules.CheckAgainst(plot, "plot", groups, v));

    private static void Run(Action<FieldViolations> checks)
    {
        var violations = new FieldViolations();
        checks(violations);
        violations.ThrowIfAny();
    }
}

using Survival.V1;
using Survival.Core;

namespace Survival.Service.Validation;

/// <summary>What <see cref="EstimateOptions"/> must satisfy, reported by field path.</summary>
internal static class EstimateOptionsRules
{
    public static void Check(EstimateOptions? options, string path, FieldViolations violations)
    {
        if (options is null) return;
        if (options.ConfLevel != 0 && !InputRules.IsConfidenceLevel(options.ConfLevel))
            violations.Add($"{path}.conf_level", InputRules.ConfidenceLevelRequirement);
        EnumRules.CheckDefined(options.ConfType, $"{path}.conf_type", violations);
        for (var i = 0; i < options.Quantiles.Count; i++)
        {
            if (!InputRules.IsProbability(options.Quantiles[i]))
                violations.Add($"{path}.quantiles[{i}]", InputRules.ProbabilityRequirement);
        }
        for (var i = 0; i < options.LandmarkTimes.Count; i++)
        {
            if (!InputRules.IsLandmarkTime(options.LandmarkTimes[i]))
                violations.Add($"{path}.landmark_times[{i}]", InputRules.LandmarkTimeRequirement);
        }
        if (options.HasRmstTau && !InputRules.IsTau(options.RmstTau))
            violations.Add($"{path}.rmst_tau", InputRules.TauRequirement);
        if (options.SimultaneousBand is { } band)
        {
            EnumRules.CheckDefined(band.Method, $"{path}.simultaneous_band.method", violations);
            EnumRules.CheckDefined(band.Transform, $"{path}.simultaneous_band.transform", violations);
            if (band.HasFrom && !InputRules.IsTime(band.From)) violations.Add($"{path}.simultaneous_band.from", InputRules.TimeRequirement);
            if (band.HasTo && !InputRules.IsTime(band.To)) violations.Add($"{path}.simultaneous_band.to", InputRules.TimeRequirement);
        }
    }

    /// <summary>
    /// A rule the engine checks against the curves (a band's range, a small-sample type on weighted counts), named by
    /// its field under the request's <c>options</c>: the engine names the option alone.
    /// </summary>
    public static InputRuleException UnderOptions(InputRuleException rule) =>
        rule.Input.StartsWith("simultaneous_band", StringComparison.Ordinal) || rule.Input is "conf_type" or "landmark_times" or "rmst_tau"
            ? new InputRuleException($"options.{rule.Input}", rule.Requirement)
            : rule;
}

using Survival.Service.Mapping;
using Survival.V1;
using Survival.Core;
using Survival.Core.Cox;

namespace Survival.Service.Validation;

/// <summary>What comparison options must satisfy, reported by field path under <c>prefix</c>.</summary>
internal static class ComparisonRules
{
    /// <summary>The checks that need only the options.</summary>
    public static void Check(ComparisonOptions? options, string prefix, FieldViolations violations)
    {
        if (options is null) return;
        for (var i = 0; i < options.Weights.Count; i++) EnumRules.CheckDefined(options.Weights[i], $"{prefix}weights[{i}]", violations);
        if (!InputRules.IsFlemingHarringtonExponent(options.FhP)) violations.Add($"{prefix}fh_p", InputRules.FlemingHarringtonExponentRequirement);
        if (!InputRules.IsFlemingHarringtonExponent(options.FhQ)) violations.Add($"{prefix}fh_q", InputRules.FlemingHarringtonExponentRequirement);
        EnumRules.CheckDefined(options.PAdjust, $"{prefix}p_adjust", violations);
        EnumRules.CheckDefined(options.Ties, $"{prefix}ties", violations);
        if (options.HasRmstTau && !InputRules.IsTau(options.RmstTau)) violations.Add($"{prefix}rmst_tau", InputRules.TauRequirement);
        for (var i = 0; i < options.LandmarkTimes.Count; i++)
        {
            if (!InputRules.IsLandmarkTime(options.LandmarkTimes[i]))
                violations.Add($"{prefix}landmark_times[{i}]", InputRules.LandmarkTimeRequirement);
        }
        if (options.Distribution is { } distribution)
        {
            EnumRules.CheckDefined(distribution.Distribution, $"{prefix}distribution.distribution", violations);
            if (distribution.Resamples != 0 && !InputRules.IsResampleCount(distribution.Resamples))
                violations.Add($"{prefix}distribution.resamples", InputRules.ResamplesRequirement);
        }
    }

    /// <summary>
    /// The checks that need the cohort: named groups must exist and stratification needs every stratum; a comparison
    /// needs two groups, which <paramref name="requireTwoGroups"/> leaves to a caller that compares only then.
    /// </summary>
    public static void CheckAgainst(ComparisonOptions? options, string prefix, CohortData cohort, bool requireTwoGroups, FieldViolations violations)
    {
        var groups = cohort.Counts.Groups;
        if (requireTwoGroups && groups.Length < 2)
            violations.Add(cohort.DataField, $"{InputRules.GroupCountRequirement}; every subject is in one group");
        if (options is null) return;
        CheckLabel(options.ReferenceGroup, $"{prefix}reference_group", groups, violations);
        CheckLabel(options.ControlGroup, $"{prefix}control_group", groups, violations);
        if (options.Trend && groups.Length >= 2 && !InputRules.AreTrendScores([.. options.TrendScores], groups.Length))
            violations.Add($"{prefix}trend_scores", $"{InputRules.TrendScoresRequirement}; there are {groups.Length} groups");
        if (options.Stratified)
        {
            foreach (var field in cohort.EmptyStratumFields) violations.Add(field.ToString(), $"is required when {prefix}stratified is set");
        }
        if (cohort.Counts.Weighted) CheckCaseWeights(options, prefix, violations);
        if (options.Distribution?.Distribution == V1.TestDistribution.Exact && groups.Length > 2)
            violations.Add($"{prefix}distribution.distribution", CombinationRules.ExactPermutationBeyondTwoGroups.Requirement);
    }

    /// <summary>The log-rank family (R's survdiff) and the exact Cox likelihood take no case weights.</summary>
    private static void CheckCaseWeights(ComparisonOptions options, string prefix, FieldViolations violations)
    {
        if (options.Weights.Count > 0) violations.Add($"{prefix}weights", CombinationRules.TestsWithWeights.Requirement);
        if (options.Pairwise) violations.Add($"{prefix}pairwise", CombinationRules.TestsWithWeights.Requirement);
        if (options.Trend) violations.Add($"{prefix}trend", CombinationRules.TestsWithWeights.Requirement);
        if (options.Ties == V1.TieMethod.Exact) violations.Add($"{prefix}ties", CombinationRules.ExactTiesWithWeights.Requirement);
    }

    private static void CheckLabel(string label, string field, IReadOnlyList<string> groups, FieldViolations violations)
    {
        if (label.Length > 0 && !groups.Contains(label))
            violations.Add(field, $"{InputRules.GroupLabelRequirement}: {string.Join(", ", groups.Select(l => $"\"{l}\""))}");
    }
}

using Survival.Service.Mapping;
using Survival.V1;
using Survival.Core;
using Survival.Core.Cox;

namespace Survival.Service.Validation;

/// <summary>
/// What plot options must satisfy before any work. The rendering library checks sizes, ranges and colours itself,
/// and its rejections are reported under the same path.
/// </summary>
internal static class PlotRules
{
    public static void Check(PlotOptions? plot, string path, FieldViolations violations)
    {
        if (plot is null) return;
        EnumRules.CheckDefined(plot.Format, $"{path}.format", violations);
        EnumRules.CheckDefined(plot.YScale, $"{path}.y_scale", violations);
        EnumRules.CheckDefined(plot.RiskTable, $"{path}.risk_table", violations);
        EnumRules.CheckDefined(plot.CurveKind, $"{path}.curve_kind", violations);
        EnumRules.CheckDefined(plot.Palette, $"{path}.palette", violations);
    }

    /// <summary>The annotations need groups to compare, and every group a label a legend can show.</summary>
    public static void CheckAgainst(PlotOptions? plot, string path, CohortData cohort, FieldViolations violations)
    {
        if (plot is null) return;
        var groups = cohort.Counts.Groups;
        var labels = groups.Select(g => ProtoMapper.DisplayLabel(g, groups.Length)).ToList();
        for (var level = 0; level < groups.Length; level++)
        {
            var field = cohort.GroupFields[groups[level]];
            if (string.IsNullOrWhiteSpace(labels[level])) violations.Add(field, "must not be only white space when plotting");
            else if (labels.IndexOf(labels[level]) != level) violations.Add(field, $"\"{labels[level]}\" is also the label of the subjects without a group");
        }
        if (plot.ShowPValue && groups.Length < 2)
            violations.Add($"{path}.show_p_value", "needs two or more groups to compare");
        if (plot.ShowPValue && cohort.Counts.Weighted)
            violations.Add($"{path}.show_p_value", $"is the log-rank p-value, which {CombinationRules.TestsWithWeights.Requirement}");
        if (plot.ShowHazardRatio && groups.Length != 2)
            violations.Add($"{path}.show_hazard_ratio", $"needs exactly two groups, not {groups.Length}");
    }
}

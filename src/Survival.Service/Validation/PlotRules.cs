using Survival.Core;
using Survival.V1;

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

    /// <summary>The annotations need groups to compare.</summary>
    public static void CheckAgainst(PlotOptions? plot, string path, Factor groups, FieldViolations violations)
    {
        if (plot is null) return;
        if (plot.ShowPValue && groups.LevelCount < 2)
            violations.Add($"{path}.show_p_value", "needs two or more groups to compare");
        if (plot.ShowHazardRatio && groups.LevelCount != 2)
            violations.Add($"{path}.show_hazard_ratio", $"needs exactly two groups, not {groups.LevelCount}");
    }
}

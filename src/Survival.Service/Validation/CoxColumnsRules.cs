using Survival.V1;
using Survival.Core;
using Survival.Core.CompetingRisks;

namespace Survival.Service.Validation;

/// <summary>What the packed <see cref="SubjectColumns"/> of a Cox model must satisfy (times, events, groups, strata).</summary>
internal static class CoxColumnsRules
{
    public static void Check(SubjectColumns columns, string path, FieldViolations violations)
    {
        var n = columns.Time.Count;
        if (n == 0)
        {
            violations.Add($"{path}.time", "must contain at least one subject");
            return;
        }
        for (var i = 0; i < n; i++)
        {
            if (!InputRules.IsTime(columns.Time[i])) violations.Add($"{path}.time[{i}]", InputRules.TimeRequirement);
        }
        if (columns.Event.Count != n) violations.Add($"{path}.event", $"has {columns.Event.Count} values but time has {n}");
        CheckCodes(columns.Group, columns.GroupLabels, n, $"{path}.group", violations);
        CheckCodes(columns.Stratum, columns.StratumLabels, n, $"{path}.stratum", violations);
    }

    private static void CheckCodes(IList<uint> codes, IList<string> labels, int n, string field, FieldViolations violations)
    {
        if (codes.Count == 0) return;
        if (codes.Count != n) violations.Add(field, $"has {codes.Count} codes but time has {n} (or give none)");
        for (var i = 0; i < codes.Count; i++)
        {
            if (codes[i] >= labels.Count) violations.Add($"{field}[{i}]", $"must index the labels (0 to {labels.Count - 1})");
        }
    }
}

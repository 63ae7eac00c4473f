using Survival.TestSupport;
using Survival.Core.Counting;
using Survival.Core.Curves;
using Survival.Core.Regression;

namespace Survival.Core.Tests;

/// <summary>The table of cases the R fixtures define: every file × group, and × confidence type.</summary>
public static class ReferenceCases
{
    /// <summary>The fixture's names for R's <c>conf.type</c> values.</summary>
    public static readonly IReadOnlyDictionary<string, ConfidenceType> ConfidenceTypes = new Dictionary<string, ConfidenceType>
    {
        ["log"] = ConfidenceType.Log,
        ["log-log"] = ConfidenceType.LogLog,
        ["plain"] = ConfidenceType.Plain,
        ["logit"] = ConfidenceType.Logit,
        ["arcsin"] = ConfidenceType.Arcsine,
    };

    public static TheoryData<string, string> Groups()
    {
        var data = new TheoryData<string, string>();
        foreach (var set in ReferenceSet.All)
            foreach (var group in set.GroupKeys) data.Add(set.FileName, group);
        return data;
    }

    /// <summary>Every file × group × confidence type.</summary>
    public static TheoryData<string, string, string> GroupsByConfidenceType() => GroupsWithSectionByConfidenceType(null);

    /// <summary>Every file × group × confidence type, for the groups whose km entry has <paramref name="groupSection"/>.</summary>
    public static TheoryData<string, string, string> GroupsWithSectionByConfidenceType(string? groupSection)
    {
        var data = new TheoryData<string, string, string>();
        foreach (var set in ReferenceSet.All)
            foreach (var group in set.GroupKeys)
            {
                if (groupSection is not null && !set.Root.GetProperty("km").GetProperty(group).TryGetProperty(groupSection, out _)) continue;
                foreach (var type in ConfidenceTypes.Keys) data.Add(set.FileName, group, type);
            }
        return data;
    }

    public static TheoryData<string, string> GroupsWith(string section)
    {
        var data = new TheoryData<string, string>();
        foreach (var set in ReferenceSet.All)
        {
            if (!set.Root.TryGetProperty(section, out var entries)) continue;
            foreach (var group in set.GroupKeys.Where(g => entries.TryGetProperty(g, out _))) data.Add(set.FileName, group);
        }
        return data;
    }

    public static KaplanMeierCurve Curve(ReferenceSet set, string group)
    {
        return KaplanMeier.Estimate(set.SubsetData(group));
    }

    /// <summary>Every fixture file that has the top-level section <paramref name="section"/>.</summary>
    /// <summary>The groups of a fixture as R's factor codes them.</summary>
    public static Factor Groups(ReferenceSet set) => Factor.Create(set.Groups!);

    /// <summary>The strata of a fixture as R's factor codes them.</summary>
    public static Factor Strata(ReferenceSet set) => Factor.Create(set.Strata!);

    public static SurvivalData Data(ReferenceSet set) => set.Data();
}

using System.Globalization;
using Survival.Core;
using Survival.TestSupport;

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

    public static TheoryData<string, string, string> GroupsByConfidenceType()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var set in ReferenceSet.All)
            foreach (var group in set.GroupKeys)
                foreach (var type in ConfidenceTypes.Keys) data.Add(set.FileName, group, type);
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
        var (times, events) = set.Subset(group);
        return KaplanMeier.Estimate(SurvivalData.Create(times, events));
    }

    /// <summary>Every fixture file that has the top-level section <paramref name="section"/>.</summary>
    public static TheoryData<string> FilesWith(string section)
    {
        var data = new TheoryData<string>();
        foreach (var set in ReferenceSet.All.Where(s => s.Root.TryGetProperty(section, out _))) data.Add(set.FileName);
        return data;
    }

    /// <summary>Every (file, entry) pair of the object-valued section <paramref name="section"/>.</summary>
    public static TheoryData<string, string> EntriesOf(string section)
    {
        var data = new TheoryData<string, string>();
        foreach (var set in ReferenceSet.All)
        {
            if (!set.Root.TryGetProperty(section, out var entries)) continue;
            foreach (var entry in entries.EnumerateObject()) data.Add(set.FileName, entry.Name);
        }
        return data;
    }

    /// <summary>The groups of a fixture as R's factor codes them.</summary>
    public static Factor Groups(ReferenceSet set) => Factor.Create(set.Groups!);

    /// <summary>The strata of a fixture as R's factor codes them.</summary>
    public static Factor Strata(ReferenceSet set) => Factor.Create(set.Strata!);

    public static SurvivalData Data(ReferenceSet set) => SurvivalData.Create(set.Times, set.Events);

    /// <summary>
    /// The fixture's name of a weight (<c>logrank</c>, <c>gehan_breslow</c>, …, <c>fleming_harrington_P_Q</c>) as the
    /// weight and its Fleming–Harrington exponents.
    /// </summary>
    public static (TestWeight Weight, double P, double Q) Weight(string name)
    {
        const string flemingHarrington = "fleming_harrington_";
        if (name.StartsWith(flemingHarrington, StringComparison.Ordinal))
        {
            var exponents = name[flemingHarrington.Length..].Split('_');
            return (TestWeight.FlemingHarrington, double.Parse(exponents[0], CultureInfo.InvariantCulture),
                double.Parse(exponents[1], CultureInfo.InvariantCulture));
        }
        return (name switch
        {
            "logrank" => TestWeight.LogRank,
            "gehan_breslow" => TestWeight.GehanBreslow,
            "tarone_ware" => TestWeight.TaroneWare,
            "peto_peto" => TestWeight.PetoPeto,
            "modified_peto_peto" => TestWeight.ModifiedPetoPeto,
            _ => throw new ArgumentException($"unknown weight {name}", nameof(name)),
        }, 0, 0);
    }
}

using System.Globalization;
using System.Text.Json;
using Xunit;
using Survival.Core.GroupTests;

namespace Survival.TestSupport;

/// <summary>Tables of test cases drawn from the fixtures' sections, shared by the engine and service tests.</summary>
public static class FixtureCases
{
    /// <summary>Every file that has the section <paramref name="section"/>.</summary>
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

    /// <summary>
    /// R's <c>concordance</c>, or, where coxph's exact comparison of linear predictors split pairs whose coefficients
    /// are equal but for rounding, the value with the predictors rounded to 10 digits (<c>concordance_rounded_lp</c>).
    /// </summary>
    public static string ConcordanceKey(JsonElement cox) =>
        cox.TryGetProperty("concordance_rounded_lp", out var rounded) && rounded.ValueKind != JsonValueKind.Null
            ? "concordance_rounded_lp"
            : "concordance";

    /// <summary>The key of the standard error that goes with <see cref="ConcordanceKey"/>'s concordance.</summary>
    public static string ConcordanceStdErrorKey(JsonElement cox) =>
        ConcordanceKey(cox) == "concordance" ? "concordance_std" : "concordance_std_rounded_lp";
}

using System.Text.Json;
using Xunit;

namespace Survival.TestSupport;

/// <summary>
/// One case-weight fixture (tests/fixtures-weights, written by tools/reference/generate-weights-reference.R): subjects
/// with weights and what R's <c>survfit(..., weights = w)</c> and <c>coxph(..., weights = w)</c> computed from them.
/// </summary>
public sealed class WeightedReference
{
    private WeightedReference(string name, JsonElement root)
    {
        Name = name;
        Root = root;
        var data = root.GetProperty("data");
        Times = Values(data, "time");
        Events = [.. Values(data, "status").Select(s => s == 1)];
        Groups = Json.Strings(data.GetProperty("group"));
        Strata = Json.Strings(data.GetProperty("stratum"));
        Weights = Values(data, "weight");
        Entries = data.TryGetProperty("entry", out _) ? Values(data, "entry") : null;
        X1 = Values(data, "x1");
        X2 = Values(data, "x2");
        F = Json.Strings(data.GetProperty("f"));
        Robust = root.GetProperty("robust").GetBoolean();
    }

    public string Name { get; }

    public JsonElement Root { get; }

    public double[] Times { get; }

    public bool[] Events { get; }

    public string[] Groups { get; }

    public string[] Strata { get; }

    public double[] Weights { get; }

    /// <summary>Delayed entry times, or null when every subject is at risk from 0.</summary>
    public double[]? Entries { get; }

    public double[] X1 { get; }

    public double[] X2 { get; }

    public string[] F { get; }

    /// <summary>Whether some weight is not whole, so that R reports robust variances.</summary>
    public bool Robust { get; }

    public static IReadOnlyList<WeightedReference> All { get; } = Directory
        .EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "fixtures-weights"), "*.json")
        .Order(StringComparer.Ordinal)
        .Select(path =>
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return new WeightedReference(Path.GetFileNameWithoutExtension(path), document.RootElement.Clone());
        })
        .ToArray();

    public static WeightedReference Named(string name) => All.Single(r => r.Name == name);

    /// <summary>Every fixture name.</summary>
    public static TheoryData<string> Names() => NamesWith("km");

    /// <summary>Every fixture with the top-level section <paramref name="section"/>.</summary>
    public static TheoryData<string> NamesWith(string section)
    {
        var data = new TheoryData<string>();
        foreach (var set in All.Where(s => s.Root.TryGetProperty(section, out _))) data.Add(set.Name);
        return data;
    }

    /// <summary>Every fixture with a Cox regression section.</summary>
    public static TheoryData<string> RegressionNames() => NamesWith("coxreg");

    /// <summary>Every (fixture, group, confidence type) of the km sections.</summary>
    public static TheoryData<string, string, string> Curves()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var set in All)
            foreach (var group in set.Root.GetProperty("km").EnumerateObject())
                foreach (var type in group.Value.EnumerateObject()) data.Add(set.Name, group.Name, type.Name);
        return data;
    }

    /// <summary>Every (fixture, ties, stratified) of the cox sections.</summary>
    public static TheoryData<string, string, bool> CoxModels()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var set in All)
            foreach (var ties in set.Root.GetProperty("cox").EnumerateObject())
            {
                data.Add(set.Name, ties.Name, false);
                data.Add(set.Name, ties.Name, true);
            }
        return data;
    }

    private static double[] Values(JsonElement parent, string name) => [.. Json.Doubles(parent, name).Select(v => v!.Value)];
}

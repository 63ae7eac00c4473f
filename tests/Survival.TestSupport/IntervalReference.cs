using System.Text.Json;
using Survival.Core.IntervalCensoring;
using Xunit;

namespace Survival.TestSupport;

/// <summary>
/// One interval-censoring fixture (tests/fixtures-interval, written by tools/reference/generate-interval-reference.R):
/// subjects' intervals (left, right] and groups, and what R's npsurv, survfit, survdiff and coxph — and the rank tests of
/// Fay &amp; Shaw (2010) written out in R — computed from them.
/// </summary>
public sealed class IntervalReference
{
    private IntervalReference(string name, JsonElement root)
    {
        Name = name;
        Root = root;
        var data = root.GetProperty("data");
        Left = [.. Json.Doubles(data, "left").Select(v => v!.Value)];
        Right = [.. Json.Doubles(data, "right").Select(v => v ?? double.PositiveInfinity)];
        Groups = Json.Strings(data.GetProperty("group"));
    }

    public string Name { get; }

    public JsonElement Root { get; }

    /// <summary>Left ends, one per subject.</summary>
    public double[] Left { get; }

    /// <summary>Right ends, +∞ for right-censored subjects.</summary>
    public double[] Right { get; }

    /// <summary>Group labels, one per subject.</summary>
    public string[] Groups { get; }

    /// <summary>The distinct group labels, sorted as R sorts them ("all" is the pooled sample's key).</summary>
    public string[] GroupLabels => [.. Groups.Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The subjects of group <paramref name="group"/>, or all of them for "all".</summary>
    public IntervalCensoredData Data(string group)
    {
        var rows = Enumerable.Range(0, Left.Length).Where(i => group == "all" || Groups[i] == group).ToArray();
        return IntervalCensoredData.FromSubjects([.. rows.Select(i => Left[i])], [.. rows.Select(i => Right[i])]);
    }

    /// <summary>The table of every subject by group.</summary>
    public IntervalCountingTable Table()
    {
        var builder = new IntervalCountingTable.Builder();
        for (var i = 0; i < Left.Length; i++) builder.Add(builder.Cell(Groups[i], ""), Left[i], Right[i]);
        return builder.Build();
    }

    public static IReadOnlyList<IntervalReference> All { get; } = Directory
        .EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "fixtures-interval"), "*.json")
        .Order(StringComparer.Ordinal)
        .Select(path =>
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return new IntervalReference(Path.GetFileNameWithoutExtension(path), document.RootElement.Clone());
        })
        .ToArray();

    public static IntervalReference Named(string name) => All.Single(r => r.Name == name);

    /// <summary>Every fixture × sample (each group and "all").</summary>
    public static TheoryData<string, string> Samples()
    {
        var data = new TheoryData<string, string>();
        foreach (var set in All)
            foreach (var property in set.Root.GetProperty("npmle").EnumerateObject()) data.Add(set.Name, property.Name);
        return data;
    }

    /// <summary>Every fixture with group tests × score type.</summary>
    public static TheoryData<string, string> Tests()
    {
        var data = new TheoryData<string, string>();
        foreach (var set in All)
            foreach (var property in set.Root.GetProperty("tests").EnumerateObject()) data.Add(set.Name, property.Name);
        return data;
    }

    /// <summary>Every fixture.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var set in All) data.Add(set.Name);
        return data;
    }
}

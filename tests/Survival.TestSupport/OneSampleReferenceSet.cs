using System.Collections.Immutable;
using System.Text.Json;
using Survival.Core.External;

namespace Survival.TestSupport;

/// <summary>
/// One one-sample fixture (tests/fixtures-literature/one-sample, written by tools/reference/generate-one-sample-reference.R):
/// a cohort and its tests against reference curves, from the closed forms in R.
/// </summary>
public sealed class OneSampleReferenceSet
{
    private OneSampleReferenceSet(string name, JsonElement root)
    {
        Name = name;
        Role = root.GetProperty("role").GetString()!;
        ConfLevel = root.GetProperty("conf_level").GetDouble();
        var rows = root.GetProperty("data").EnumerateArray().ToArray();
        Times = [.. rows.Select(r => r.GetProperty("time").GetDouble())];
        Events = [.. rows.Select(r => r.GetProperty("status").GetInt32() == 1)];
        EntryTimes = rows.All(r => r.TryGetProperty("entry", out _)) ? [.. rows.Select(r => r.GetProperty("entry").GetDouble())] : null;
        Cases = [.. root.GetProperty("cases").EnumerateArray()];
    }

    public string Name { get; }

    /// <summary>"fixture" or "held-out".</summary>
    public string Role { get; }

    public double ConfLevel { get; }

    public ImmutableArray<double> Times { get; }

    public ImmutableArray<bool> Events { get; }

    /// <summary>Delayed entry times; null when every subject is at risk from 0.</summary>
    public ImmutableArray<double>? EntryTimes { get; }

    /// <summary>One element per reference curve: <c>reference</c> and R's results.</summary>
    public ImmutableArray<JsonElement> Cases { get; }

    public static IReadOnlyList<OneSampleReferenceSet> All { get; } = Directory
        .EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "fixtures-literature", "one-sample"), "*.json")
        .Select(path => new OneSampleReferenceSet(Path.GetFileNameWithoutExtension(path), JsonDocument.Parse(File.ReadAllText(path)).RootElement))
        .OrderBy(s => s.Name, StringComparer.Ordinal)
        .ToArray();

    public static OneSampleReferenceSet Named(string name) => All.Single(s => s.Name == name);

    /// <summary>Every file × case index.</summary>
    public static IEnumerable<(string Set, int Case)> AllCases() =>
        All.SelectMany(s => Enumerable.Range(0, s.Cases.Length).Select(c => (s.Name, c)));

    /// <summary>The reference curve a case describes.</summary>
    public static IReferenceCurve Reference(JsonElement reference)
    {
        double P(string name) => reference.GetProperty(name).GetDouble();
        return reference.GetProperty("type").GetString() switch
        {
            "exponential" => ExponentialReference.FromMedian(P("median")),
            "weibull" => new WeibullReference(P("shape"), P("scale")),
            "lognormal" => new LogNormalReference(P("meanlog"), P("sdlog")),
            "loglogistic" => new LogLogisticReference(P("shape"), P("scale")),
            "gompertz" => new GompertzReference(P("shape"), P("rate")),
            "piecewise" => new PiecewiseExponentialReference(
                [.. Json.Doubles(reference, "time").Select(t => t!.Value)], [.. Json.Doubles(reference, "survival").Select(s => s!.Value)]),
            var type => throw new InvalidOperationException($"unknown reference type {type}"),
        };
    }
}

using System.Collections.Immutable;
using System.Text.Json;
using Survival.Core.Counting;
using Survival.Core.Cox;
using Survival.Core.Regression;

namespace Survival.TestSupport;

/// <summary>
/// One Cox regression fixture of tests/fixtures/r-cox (written by tools/reference/generate-cox-reference.R): the data
/// as the model sees it, the model's terms, and per ties method what R's coxph, summary, cox.zph and survfit report.
/// </summary>
public sealed class CoxReferenceSet
{
    public const string DirectoryName = "r-cox";

    /// <summary>The remote fits' sets: r-cox's schema with weights (tools/reference/generate-remote-reference.R).</summary>
    public const string RemoteDirectoryName = "r-remote";

    private CoxReferenceSet(string fileName, JsonElement root)
    {
        FileName = fileName;
        Root = root;
        var data = root.GetProperty("data");
        Times = Json.Doubles(data.GetProperty("time")).Select(t => t!.Value).ToArray();
        Events = Json.Doubles(data.GetProperty("status")).Select(s => s == 1).ToArray();
        Entries = data.TryGetProperty("entry", out var entry) ? Json.Doubles(entry).Select(t => t!.Value).ToArray() : null;
        Weights = data.TryGetProperty("weights", out var weights) ? Json.Doubles(weights).Select(w => w!.Value).ToArray() : null;
        Terms = Json.Strings(root.GetProperty("terms"));
        FactorNames = Json.OptionalStrings(root, "factors") ?? [];
        Covariates = data.TryGetProperty("covariates", out var c)
            ? c.EnumerateObject().ToDictionary(p => p.Name, p => Json.Doubles(p.Value).Select(v => v!.Value).ToArray())
            : [];
        Factors = data.TryGetProperty("factors", out var fs)
            ? fs.EnumerateObject().ToDictionary(p => p.Name, p => Json.Strings(p.Value))
            : [];
        Strata = Json.OptionalStrings(data, "strata");
        ConfLevel = root.GetProperty("conf_level").GetDouble();
    }

    public string FileName { get; }

    public JsonElement Root { get; }

    public double[] Times { get; }

    public bool[] Events { get; }

    /// <summary>Delayed-entry times (R's Surv(entry, time, status)); null for right-censored data.</summary>
    public double[]? Entries { get; }

    /// <summary>Case weights (R's weights = w); null without.</summary>
    public double[]? Weights { get; }

    /// <summary>The model's terms in order.</summary>
    public string[] Terms { get; }

    /// <summary>The terms that are factors.</summary>
    public string[] FactorNames { get; }

    public Dictionary<string, double[]> Covariates { get; }

    public Dictionary<string, string[]> Factors { get; }

    public string[]? Strata { get; }

    public double ConfLevel { get; }

    /// <summary>The ties methods R fitted, by fixture name.</summary>
    public IEnumerable<string> TiesNames => Root.GetProperty("fits").EnumerateObject().Select(p => p.Name);

    public JsonElement Fit(string ties) => Root.GetProperty("fits").GetProperty(ties);

    /// <summary>The terms as the engine takes them.</summary>
    public CoxRegressionData Data() => CoxRegressionData.Create(
        Entries is null ? SurvivalData.Create(Times, Events) : SurvivalData.Create(Entries, Times, Events),
        Terms.Select(t => Factors.TryGetValue(t, out var labels)
            ? (CoxCovariate)new FactorCovariate(t, Factor.Create(labels))
            : new NumericCovariate(t, [.. Covariates[t]])).ToArray(),
        Strata is null ? null : Factor.Create(Strata));

    /// <summary>The covariate profiles of the adjusted curves, in order; empty when the file has none.</summary>
    public IReadOnlyList<CoxProfile> Profiles()
    {
        if (!Root.TryGetProperty("profiles", out var profiles) || profiles.ValueKind == JsonValueKind.Null) return [];
        var labels = Json.Strings(profiles.GetProperty("labels"));
        var covariates = profiles.GetProperty("covariates").EnumerateObject().ToDictionary(p => p.Name, p => Json.Doubles(p.Value));
        var factors = profiles.GetProperty("factors").EnumerateObject().ToDictionary(p => p.Name, p => Json.Strings(p.Value));
        return [.. labels.Select((label, k) => new CoxProfile(
            label,
            covariates.ToDictionary(c => c.Key, c => c.Value[k]!.Value),
            factors.ToDictionary(f => f.Key, f => f.Value[k])))];
    }

    public static TieMethod Ties(string name) => name switch
    {
        "efron" => TieMethod.Efron,
        "breslow" => TieMethod.Breslow,
        "exact" => TieMethod.Exact,
        _ => throw new ArgumentException($"unknown ties {name}", nameof(name)),
    };

    public static IReadOnlyList<CoxReferenceSet> All { get; } = Directory
        .EnumerateFiles(Path.Combine(ReferenceSet.FixtureDirectory, DirectoryName), "*.json")
        .Order(StringComparer.Ordinal)
        .Select(path =>
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return new CoxReferenceSet(Path.GetFileNameWithoutExtension(path), document.RootElement.Clone());
        })
        .ToArray();

    public static CoxReferenceSet Named(string fileName) => All.Single(r => r.FileName == fileName);

    /// <summary>A fixture of tests/fixtures/r-remote (tools/reference/generate-remote-reference.R): r-cox's schema with weights.</summary>
    public static CoxReferenceSet Remote(string fileName)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(ReferenceSet.FixtureDirectory, RemoteDirectoryName, fileName + ".json")));
        return new CoxReferenceSet(fileName, document.RootElement.Clone());
    }

    /// <summary>Every (file, ties) pair.</summary>
    public static IEnumerable<(string File, string Ties)> Fits() =>
        All.SelectMany(set => set.TiesNames.Select(t => (set.FileName, t)));

    public override string ToString() => FileName;
}

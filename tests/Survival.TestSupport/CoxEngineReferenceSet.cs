using System.Text.Json;
using Survival.Core.Counting;
using Survival.Core.Cox;
using Survival.Core.Inference;
using Survival.Core.Regression;

namespace Survival.TestSupport;

/// <summary>
/// One fixture of tests/fixtures/r-cox-engine (written by tools/reference/generate-cox-engine-reference.R): rows as
/// the model sees them — (start, stop] or times, subject ids, case weights, event causes — and per fit what R's
/// coxph (with id = id, cluster(id) or weights), finegray + coxph, cox.zph, survfit and cmprsk::crr report.
/// </summary>
public sealed class CoxEngineReferenceSet
{
    public const string DirectoryName = "r-cox-engine";

    private CoxEngineReferenceSet(string fileName, JsonElement root)
    {
        FileName = fileName;
        Root = root;
        var data = root.GetProperty("data");
        Times = [.. Json.Doubles(data.GetProperty("time")).Select(t => t!.Value)];
        Events = [.. Json.Doubles(data.GetProperty("status")).Select(s => s == 1)];
        Starts = data.TryGetProperty("start", out var start) ? [.. Json.Doubles(start).Select(t => t!.Value)] : null;
        Ids = Json.Strings(data.GetProperty("id"));
        Weights = data.TryGetProperty("weights", out var w) ? [.. Json.Doubles(w).Select(v => v!.Value)] : null;
        Causes = Json.OptionalStrings(data, "cause");
        Terms = Json.Strings(root.GetProperty("terms"));
        Covariates = data.TryGetProperty("covariates", out var c)
            ? c.EnumerateObject().ToDictionary(p => p.Name, p => Json.Doubles(p.Value).Select(v => v!.Value).ToArray())
            : [];
        Factors = data.TryGetProperty("factors", out var fs) ? fs.EnumerateObject().ToDictionary(p => p.Name, p => Json.Strings(p.Value)) : [];
        Strata = Json.OptionalStrings(data, "strata");
        ConfLevel = root.GetProperty("conf_level").GetDouble();
    }

    public string FileName { get; }

    public JsonElement Root { get; }

    public double[] Times { get; }

    public bool[] Events { get; }

    /// <summary>Each row's start, R's (start, stop] rows; null for times from 0.</summary>
    public double[]? Starts { get; }

    public string[] Ids { get; }

    public double[]? Weights { get; }

    /// <summary>Each row's event cause ("" when censored); null without causes.</summary>
    public string[]? Causes { get; }

    public string[] Terms { get; }

    public Dictionary<string, double[]> Covariates { get; }

    public Dictionary<string, string[]> Factors { get; }

    public string[]? Strata { get; }

    public double ConfLevel { get; }

    public JsonElement Fit(string name) => Root.GetProperty("fits").GetProperty(name);

    /// <summary>The rows as the engine takes them for fit <paramref name="name"/>: with ids when R was given them, with weights when R used them.</summary>
    public CoxRegressionData Data(string name)
    {
        var fit = Fit(name);
        var survival = Starts is null ? SurvivalData.Create(Times, Events) : SurvivalData.Create(Starts, Times, Events);
        if (fit.GetProperty("weights").GetBoolean()) survival = survival.WithWeights(Weights!);
        var withIds = fit.GetProperty("id").GetBoolean() || fit.GetProperty("cluster").GetBoolean() || IsFineGray(name);
        return CoxRegressionData.Create(
            survival,
            [.. Terms.Select(t => Factors.TryGetValue(t, out var labels)
                ? (CoxCovariate)new FactorCovariate(t, Factor.Create(labels))
                : new NumericCovariate(t, [.. Covariates[t]]))],
            Strata is null ? null : Factor.Create(Strata),
            withIds ? Factor.Create(Ids) : null,
            Causes);
    }

    public bool IsFineGray(string name) => Fit(name).GetProperty("cause").ValueKind == JsonValueKind.String;

    /// <summary>The options of fit <paramref name="name"/>: its ties, robust when R was given cluster(id), and its cause of interest.</summary>
    public CoxRegressionOptions Options(string name, bool zph = false)
    {
        var fit = Fit(name);
        return new CoxRegressionOptions(CoxReferenceSet.Ties(fit.GetProperty("ties").GetString()!), new ConfidenceLevel(ConfLevel), zph)
        {
            Robust = fit.GetProperty("cluster").GetBoolean(),
            CauseOfInterest = IsFineGray(name) ? fit.GetProperty("cause").GetString() : null,
        };
    }

    /// <summary>The covariate profiles of the adjusted curves, in order; empty when the file has none.</summary>
    public IReadOnlyList<CoxProfile> Profiles()
    {
        if (!Root.TryGetProperty("profiles", out var profiles) || profiles.ValueKind == JsonValueKind.Null) return [];
        var labels = Json.Strings(profiles.GetProperty("labels"));
        var covariates = profiles.TryGetProperty("covariates", out var c) && c.ValueKind == JsonValueKind.Object
            ? c.EnumerateObject().ToDictionary(p => p.Name, p => Json.Doubles(p.Value))
            : [];
        var factors = profiles.TryGetProperty("factors", out var f) && f.ValueKind == JsonValueKind.Object
            ? f.EnumerateObject().ToDictionary(p => p.Name, p => Json.Strings(p.Value))
            : [];
        return [.. labels.Select((label, k) => new CoxProfile(
            label,
            covariates.ToDictionary(p => p.Key, p => p.Value[k]!.Value),
            factors.ToDictionary(p => p.Key, p => p.Value[k])))];
    }

    public static IReadOnlyList<CoxEngineReferenceSet> All { get; } = Directory
        .EnumerateFiles(Path.Combine(ReferenceSet.FixtureDirectory, DirectoryName), "*.json")
        .Order(StringComparer.Ordinal)
        .Select(path =>
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return new CoxEngineReferenceSet(Path.GetFileNameWithoutExtension(path), document.RootElement.Clone());
        })
        .ToArray();

    public static CoxEngineReferenceSet Named(string fileName) => All.Single(r => r.FileName == fileName);

    /// <summary>Every (file, fit) pair.</summary>
    public static IEnumerable<(string File, string Fit)> Fits() =>
        All.SelectMany(set => set.Root.GetProperty("fits").EnumerateObject().Select(f => (set.FileName, f.Name)));

    public override string ToString() => FileName;
}

using System.Collections.Immutable;
using System.Text.Json;
using Survival.Core.Parametric;
using Survival.Core.Regression;

namespace Survival.TestSupport;

/// <summary>
/// One parametric-model fixture of tests/fixtures/r-parametric (written by
/// tools/reference/generate-parametric-reference.R): the data as the model sees it, its terms, strata and profiles, and
/// per distribution what R's survreg (or the likelihood written out and maximised in R) reports.
/// </summary>
public sealed class ParametricReferenceSet
{
    public const string DirectoryName = "r-parametric";

    private ParametricReferenceSet(string fileName, JsonElement root)
    {
        FileName = fileName;
        Root = root;
        var data = root.GetProperty("data");
        Times = Doubles(data.GetProperty("time"));
        Kinds = Json.Doubles(data.GetProperty("kind")).Select(k => k switch
        {
            1 => CensoringKind.Exact,
            0 => CensoringKind.RightCensored,
            2 => CensoringKind.LeftCensored,
            _ => CensoringKind.Interval,
        }).ToArray();
        Upper = data.TryGetProperty("upper", out var upper) ? Json.Doubles(upper).Select(u => u ?? double.NaN).ToArray() : null;
        Entries = data.TryGetProperty("entry", out var entry) ? Doubles(entry) : null;
        Weights = data.TryGetProperty("weight", out var weight) ? Doubles(weight) : null;
        Terms = Json.OptionalStrings(root, "terms") ?? [];
        FactorNames = Json.OptionalStrings(root, "factors") ?? [];
        Covariates = data.TryGetProperty("covariates", out var c) && c.ValueKind == JsonValueKind.Object
            ? c.EnumerateObject().ToDictionary(p => p.Name, p => Doubles(p.Value))
            : [];
        Factors = data.TryGetProperty("factors", out var fs) && fs.ValueKind == JsonValueKind.Object
            ? fs.EnumerateObject().ToDictionary(p => p.Name, p => Json.Strings(p.Value))
            : [];
        Strata = Json.OptionalStrings(data, "strata");
        ConfLevel = root.GetProperty("conf_level").GetDouble();
        HeldOut = root.TryGetProperty("held_out", out var held) && held.ValueKind == JsonValueKind.True;
        SampleTimes = root.TryGetProperty("times", out var times) && times.ValueKind != JsonValueKind.Null ? Doubles(times) : [];
        Quantiles = root.TryGetProperty("quantiles", out var q) && q.ValueKind != JsonValueKind.Null ? Doubles(q) : [];
        Tau = root.TryGetProperty("tau", out var tau) && tau.ValueKind == JsonValueKind.Number ? tau.GetDouble() : null;
    }

    public string FileName { get; }

    public JsonElement Root { get; }

    public double[] Times { get; }

    public CensoringKind[] Kinds { get; }

    /// <summary>The upper end of each interval (NaN for the other kinds); null without intervals.</summary>
    public double[]? Upper { get; }

    public double[]? Entries { get; }

    public double[]? Weights { get; }

    public string[] Terms { get; }

    public string[] FactorNames { get; }

    public Dictionary<string, double[]> Covariates { get; }

    public Dictionary<string, string[]> Factors { get; }

    public string[]? Strata { get; }

    public double ConfLevel { get; }

    /// <summary>Added after the engine was written and never used to develop it.</summary>
    public bool HeldOut { get; }

    /// <summary>The times of the predictions.</summary>
    public double[] SampleTimes { get; }

    public double[] Quantiles { get; }

    public double? Tau { get; }

    /// <summary>Whether every subject is exact or right-censored (so the data can be given as SurvivalData).</summary>
    public bool RightCensored => Kinds.All(k => k is CensoringKind.Exact or CensoringKind.RightCensored);

    /// <summary>The distributions R fitted, by fixture name.</summary>
    public IEnumerable<string> DistributionNames => Root.GetProperty("fits").EnumerateObject().Select(p => p.Name);

    public JsonElement Fit(string distribution) => Root.GetProperty("fits").GetProperty(distribution);

    public static ParametricDistribution Distribution(string name) => name switch
    {
        "exponential" => ParametricDistribution.Exponential,
        "weibull" => ParametricDistribution.Weibull,
        "lognormal" => ParametricDistribution.LogNormal,
        "loglogistic" => ParametricDistribution.LogLogistic,
        "gompertz" => ParametricDistribution.Gompertz,
        "gengamma" => ParametricDistribution.GeneralizedGamma,
        _ => throw new ArgumentException($"unknown distribution {name}", nameof(name)),
    };

    /// <summary>Whether the fixture's values are survreg's own (the four families without delayed entry).</summary>
    public bool IsSurvreg(string distribution) => Fit(distribution).GetProperty("method").GetString() == "survreg";

    public CoxCovariate[] TermList() => [.. Terms.Select(t => Factors.TryGetValue(t, out var labels)
        ? (CoxCovariate)new FactorCovariate(t, Factor.Create(labels))
        : new NumericCovariate(t, [.. Covariates[t]]))];

    /// <summary>The data as the engine takes them.</summary>
    public ParametricData Data()
    {
        var observations = CensoredObservations.Create(Kinds, Times, Upper ?? [], Entries ?? [], Weights ?? []);
        return ParametricData.Create(observations, TermList(), Strata is null ? null : Factor.Create(Strata));
    }

    /// <summary>The profiles of the predictions, with their strata when the file gives them.</summary>
    public ImmutableArray<ParametricProfile> Profiles()
    {
        if (!Root.TryGetProperty("profiles", out var profiles) || profiles.ValueKind == JsonValueKind.Null) return [];
        var labels = Json.Strings(profiles.GetProperty("labels"));
        var covariates = profiles.TryGetProperty("covariates", out var c) && c.ValueKind == JsonValueKind.Object
            ? c.EnumerateObject().ToDictionary(p => p.Name, p => Json.Doubles(p.Value))
            : [];
        var factors = profiles.TryGetProperty("factors", out var f) && f.ValueKind == JsonValueKind.Object
            ? f.EnumerateObject().ToDictionary(p => p.Name, p => Json.Strings(p.Value))
            : [];
        var strata = Json.OptionalStrings(profiles, "strata");
        return [.. labels.Select((label, k) => new ParametricProfile(
            label,
            covariates.ToDictionary(x => x.Key, x => x.Value[k]!.Value),
            factors.ToDictionary(x => x.Key, x => x.Value[k]),
            strata?[k]))];
    }

    public static IReadOnlyList<ParametricReferenceSet> All { get; } = Directory
        .EnumerateFiles(Path.Combine(ReferenceSet.FixtureDirectory, DirectoryName), "*.json")
        .Order(StringComparer.Ordinal)
        .Select(path =>
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return new ParametricReferenceSet(Path.GetFileNameWithoutExtension(path), document.RootElement.Clone());
        })
        .ToArray();

    public static ParametricReferenceSet Named(string fileName) => All.Single(r => r.FileName == fileName);

    /// <summary>Every (file, distribution) pair.</summary>
    public static IEnumerable<(string File, string Distribution)> Fits() =>
        All.SelectMany(set => set.DistributionNames.Select(d => (set.FileName, d)));

    private static double[] Doubles(JsonElement element) => Json.Doubles(element).Select(v => v!.Value).ToArray();

    public override string ToString() => FileName;
}

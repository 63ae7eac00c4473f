using System.Collections.Immutable;
using System.Text.Json;
using Survival.Core.MetaAnalysis;

namespace Survival.TestSupport;

/// <summary>
/// One pooling fixture (tests/fixtures-literature/pooling, written by tools/reference/generate-pooling-reference.R):
/// studies' estimates and metafor's <c>rma</c> fits.
/// </summary>
public sealed class PoolingReferenceSet
{
    private PoolingReferenceSet(string name, JsonElement root)
    {
        Name = name;
        Role = root.GetProperty("role").GetString()!;
        ConfLevel = root.GetProperty("conf_level").GetDouble();
        var studies = root.GetProperty("studies");
        var labels = Json.Strings(studies.GetProperty("label"));
        var yi = Json.Doubles(studies, "yi");
        var sei = Json.Doubles(studies, "sei");
        Studies = [.. labels.Select((label, i) => new StudyEstimate(label, yi[i]!.Value, sei[i]!.Value))];
        Fits = root.GetProperty("fits");
        _root = root;
    }

    private readonly JsonElement _root;

    /// <summary>The whole document, for sections a test reads itself (for example <c>stratified_cox</c>).</summary>
    public JsonElement Root() => _root;

    public string Name { get; }

    /// <summary>"fixture" or "held-out".</summary>
    public string Role { get; }

    public double ConfLevel { get; }

    public ImmutableArray<StudyEstimate> Studies { get; }

    /// <summary>metafor's fits by method name: FE, DL, REML and reml_precise.</summary>
    public JsonElement Fits { get; }

    public static IReadOnlyList<PoolingReferenceSet> All { get; } = Directory
        .EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "fixtures-literature", "pooling"), "*.json")
        .Select(path => new PoolingReferenceSet(Path.GetFileNameWithoutExtension(path), JsonDocument.Parse(File.ReadAllText(path)).RootElement))
        .OrderBy(s => s.Name, StringComparer.Ordinal)
        .ToArray();

    public static PoolingReferenceSet Named(string name) => All.Single(s => s.Name == name);

    /// <summary>metafor's name of a method.</summary>
    public static string MetaforName(PoolingMethod method) => method switch
    {
        PoolingMethod.FixedEffect => "FE",
        PoolingMethod.DerSimonianLaird => "DL",
        _ => "REML",
    };
}

using System.Text.Json;
using Survival.Core.Counting;

namespace Survival.TestSupport;

/// <summary>
/// One R reference file (tests/fixtures): the data and what R's survival package computed from it.
/// The schema is that of tests/fixtures/README.md; jsonlite writes a length-one vector as a scalar and NA as null.
/// </summary>
public sealed class ReferenceSet
{
    private ReferenceSet(string fileName, JsonElement root)
    {
        FileName = fileName;
        Root = root;
        var data = root.GetProperty("data");
        Times = Json.Doubles(data.GetProperty("time")).Select(t => t!.Value).ToArray();
        Events = Json.Doubles(data.GetProperty("status")).Select(s => s == 1).ToArray();
        Groups = Json.OptionalStrings(data, "group");
        Strata = Json.OptionalStrings(data, "strata");
        EntryTimes = data.TryGetProperty("entry", out var entry) ? Json.Doubles(entry).Select(t => t!.Value).ToArray() : null;
        ConfLevel = root.GetProperty("conf_level").GetDouble();
    }

    /// <summary>The file's name without extension, for test display.</summary>
    public string FileName { get; }

    /// <summary>The whole document, for sections a test reads itself.</summary>
    public JsonElement Root { get; }

    public double[] Times { get; }

    public bool[] Events { get; }

    public string[]? Groups { get; }

    public string[]? Strata { get; }

    /// <summary>Delayed entry times (R's <c>Surv(entry, time, status)</c>); null when every subject is at risk from 0.</summary>
    public double[]? EntryTimes { get; }

    public double ConfLevel { get; }

    /// <summary>The group key of the <c>km</c> section for subject i: its group, or <c>all</c>.</summary>
    public string GroupKey(int subject) => Groups?[subject] ?? "all";

    /// <summary>The group keys of the <c>km</c> section in file order.</summary>
    public IEnumerable<string> GroupKeys => Root.GetProperty("km").EnumerateObject().Select(p => p.Name);

    /// <summary>The subjects of one group (all of them for the key <c>all</c>); entries are null without delayed entry.</summary>
    public (double[] Times, bool[] Events, double[]? Entries) Subset(string groupKey)
    {
        var rows = Enumerable.Range(0, Times.Length).Where(i => GroupKey(i) == groupKey).ToArray();
        return (rows.Select(i => Times[i]).ToArray(), rows.Select(i => Events[i]).ToArray(), EntryTimes is { } e ? rows.Select(i => e[i]).ToArray() : null);
    }

    /// <summary>The subjects of one group as the engine takes them, with their entry times when the set has any.</summary>
    public SurvivalData SubsetData(string groupKey)
    {
        var (times, events, entries) = Subset(groupKey);
        return entries is null ? SurvivalData.Create(times, events) : SurvivalData.Create(entries, times, events);
    }

    /// <summary>Every subject as the engine takes them.</summary>
    public SurvivalData Data() =>
        EntryTimes is null ? SurvivalData.Create(Times, Events) : SurvivalData.Create(EntryTimes, Times, Events);

    public static string FixtureDirectory => Path.Combine(AppContext.BaseDirectory, "fixtures");

    /// <summary>
    /// Every fixture file under tests/fixtures in this schema (not the Cox regression sets of r-cox/, nor the engine's
    /// of r-cox-engine/ and r-robust-curves/, nor the parametric sets of r-parametric/, nor the remote fits' of r-remote/,
    /// which have their own), by file name.
    /// </summary>
    public static IReadOnlyList<ReferenceSet> All { get; } = Directory
        .EnumerateFiles(FixtureDirectory, "*.json", SearchOption.AllDirectories)
        .Where(path => Path.GetFileName(Path.GetDirectoryName(path)) is not (CoxReferenceSet.DirectoryName or CoxEngineReferenceSet.DirectoryName
            or RobustCurvesReference.DirectoryName or ParametricReferenceSet.DirectoryName or CoxReferenceSet.RemoteDirectoryName))
        .Order(StringComparer.Ordinal)
        .Select(Load)
        .ToArray();

    public static ReferenceSet Named(string fileName) => All.Single(r => r.FileName == fileName);

    public static ReferenceSet Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return new ReferenceSet(Path.GetFileNameWithoutExtension(path), document.RootElement.Clone());
    }

    public override string ToString() => FileName;
}

using System.Text.Json;
using Survival.Core.Counting;

namespace Survival.TestSupport;

/// <summary>
/// One fixture of tests/fixtures/r-robust-curves (written by tools/reference/generate-robust-curves-reference.R): rows
/// with groups, ids and optionally entries, case weights and causes, and per group what R's survfit reports for them —
/// the Kaplan–Meier curve or, with causes, the multi-state one — and optionally the group Cox model.
/// </summary>
public sealed class RobustCurvesReference
{
    public const string DirectoryName = "r-robust-curves";

    private RobustCurvesReference(string fileName, JsonElement root)
    {
        FileName = fileName;
        Root = root;
        var data = root.GetProperty("data");
        Times = [.. Json.Doubles(data.GetProperty("time")).Select(t => t!.Value)];
        Events = [.. Json.Doubles(data.GetProperty("status")).Select(s => s == 1)];
        Groups = Json.Strings(data.GetProperty("group"));
        Ids = Json.Strings(data.GetProperty("id"));
        Entries = data.TryGetProperty("entry", out var e) ? [.. Json.Doubles(e).Select(t => t!.Value)] : null;
        Weights = data.TryGetProperty("weights", out var w) ? [.. Json.Doubles(w).Select(t => t!.Value)] : null;
        Causes = Json.OptionalStrings(data, "cause");
        ConfLevel = root.GetProperty("conf_level").GetDouble();
    }

    public string FileName { get; }

    public JsonElement Root { get; }

    public double[] Times { get; }

    public bool[] Events { get; }

    public string[] Groups { get; }

    public string[] Ids { get; }

    public double[]? Entries { get; }

    public double[]? Weights { get; }

    public string[]? Causes { get; }

    public double ConfLevel { get; }

    /// <summary>The rows counted as the service counts them: every row kept beside the table, with its id.</summary>
    public CountingTable Table()
    {
        var builder = new CountingTable.Builder();
        builder.KeepRows();
        for (var i = 0; i < Times.Length; i++)
        {
            builder.AddSubject(builder.Cell(Groups[i], ""), new SubjectRow(Times[i], Events[i])
            {
                Entry = Entries?[i],
                Weight = Weights?[i],
                Cause = Causes is { } causes && Events[i] ? builder.Cause(causes[i]) : -1,
                Id = Ids[i],
            });
        }
        return builder.Build();
    }

    public static IReadOnlyList<RobustCurvesReference> All { get; } = Directory
        .EnumerateFiles(Path.Combine(ReferenceSet.FixtureDirectory, DirectoryName), "*.json")
        .Order(StringComparer.Ordinal)
        .Select(path =>
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return new RobustCurvesReference(Path.GetFileNameWithoutExtension(path), document.RootElement.Clone());
        })
        .ToArray();

    public static RobustCurvesReference Named(string fileName) => All.Single(r => r.FileName == fileName);

    public override string ToString() => FileName;
}

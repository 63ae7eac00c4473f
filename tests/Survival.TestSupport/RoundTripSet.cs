using System.Collections.Immutable;
using System.Text.Json;
using Survival.Core.Reconstruction;

namespace Survival.TestSupport;

/// <summary>
/// One round-trip fixture (tests/fixtures-literature/roundtrip, written by tools/reference/generate-reconstruction-roundtrip.R):
/// what a journal printed and a reader digitised of each arm of an R data set, and R's numbers on the real patients.
/// </summary>
public sealed class RoundTripSet
{
    private RoundTripSet(string name, JsonElement root)
    {
        Name = name;
        Role = root.GetProperty("role").GetString()!;
        Step = root.GetProperty("step").GetDouble();
        Arms = [.. root.GetProperty("arms").EnumerateArray().Select(RoundTripArm.Read)];
        var cox = root.GetProperty("cox");
        HazardRatio = cox.GetProperty("hazard_ratio").GetDouble();
    }

    /// <summary>The R data set.</summary>
    public string Name { get; }

    /// <summary>"development" (used while the method's choices were made) or "held-out".</summary>
    public string Role { get; }

    /// <summary>Months between the columns of the table of numbers at risk.</summary>
    public double Step { get; }

    /// <summary>The two arms, in R's sort order.</summary>
    public ImmutableArray<RoundTripArm> Arms { get; }

    /// <summary>R's coxph hazard ratio of the second arm against the first, on the real patients.</summary>
    public double HazardRatio { get; }

    /// <summary>Every set, development sets first.</summary>
    public static IReadOnlyList<RoundTripSet> All { get; } = Directory
        .EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "fixtures-literature", "roundtrip"), "*.json")
        .Select(path => new RoundTripSet(Path.GetFileNameWithoutExtension(path), JsonDocument.Parse(File.ReadAllText(path)).RootElement))
        .OrderBy(s => s.Role == "development" ? 0 : 1).ThenBy(s => s.Name, StringComparer.Ordinal)
        .ToArray();

    /// <summary>The set called <paramref name="name"/>.</summary>
    public static RoundTripSet Named(string name) => All.Single(s => s.Name == name);
}

/// <summary>One arm of a round-trip set.</summary>
public sealed record RoundTripArm(
    string Label,
    int Subjects,
    int TotalEvents,
    ImmutableArray<DigitizedPoint> Points,
    ImmutableArray<AtRiskCount> AtRisk,
    ImmutableArray<double> OriginalTimes,
    ImmutableArray<double> OriginalSurvival,
    double? OriginalMedian,
    ImmutableArray<double> OriginalLandmarkSurvival)
{
    internal static RoundTripArm Read(JsonElement arm)
    {
        var points = arm.GetProperty("points");
        var times = Json.Doubles(points, "time");
        var survival = Json.Doubles(points, "survival");
        var table = arm.GetProperty("at_risk");
        var tableTimes = Json.Doubles(table, "time");
        var tableCounts = Json.Doubles(table, "n");
        var original = arm.GetProperty("original");
        return new RoundTripArm(
            arm.GetProperty("label").GetString()!,
            arm.GetProperty("subjects").GetInt32(),
            arm.GetProperty("total_events").GetInt32(),
            [.. times.Zip(survival, (t, s) => new DigitizedPoint(t!.Value, s!.Value))],
            [.. tableTimes.Zip(tableCounts, (t, n) => new AtRiskCount(t!.Value, (int)n!.Value))],
            [.. Json.Doubles(original, "time").Select(t => t!.Value)],
            [.. Json.Doubles(original, "surv").Select(s => s!.Value)],
            original.TryGetProperty("median", out var median) ? Json.Double(median) : null,
            [.. Json.Doubles(original, "landmark_surv").Select(s => s!.Value)]);
    }

    /// <summary>What a reader would hand the rebuild when the publication gives <paramref name="given"/>.</summary>
    public PublishedCurve Published(PublishedInformation given) => new()
    {
        Points = Points,
        AtRisk = given is PublishedInformation.AtRiskAndEvents or PublishedInformation.AtRiskOnly ? AtRisk : [],
        Subjects = Subjects,
        TotalEvents = given is PublishedInformation.AtRiskAndEvents or PublishedInformation.EventsOnly ? TotalEvents : null,
    };
}

/// <summary>What a publication gives beside the figure (the number of patients is always known).</summary>
public enum PublishedInformation
{
    AtRiskAndEvents,
    AtRiskOnly,
    EventsOnly,
    Neither,
}

using System.Text.Json;
using Xunit;
using Survival.Core.CompetingRisks;
using Survival.Core.Counting;
using Survival.Core.Cox;
using Survival.Core.Curves;
using Survival.Core.Inference;

namespace Survival.TestSupport;

/// <summary>
/// One competing-risks fixture (tests/fixtures-competing, written by
/// tools/reference/generate-competing-risks-reference.R): subjects with status 0 (censored) or cause 1..K, and what
/// R's <c>survfit</c> and cmprsk's <c>cuminc</c> computed from them.
/// </summary>
public sealed class CompetingRisksReference
{
    private CompetingRisksReference(string name, JsonElement root)
    {
        Name = name;
        Root = root;
        var data = root.GetProperty("data");
        Times = Json.Doubles(data, "time").Select(t => t!.Value).ToArray();
        Status = Json.Doubles(data, "status").Select(s => (int)s!.Value).ToArray();
        Groups = Json.OptionalStrings(data, "group");
        Strata = Json.OptionalStrings(data, "strata");
        Causes = Json.Strings(root.GetProperty("causes"));
        ConfLevel = root.GetProperty("conf_level").GetDouble();
    }

    public string Name { get; }

    public JsonElement Root { get; }

    public double[] Times { get; }

    public int[] Status { get; }

    public string[]? Groups { get; }

    public string[]? Strata { get; }

    public string[] Causes { get; }

    public double ConfLevel { get; }

    public static IReadOnlyList<CompetingRisksReference> All { get; } = Directory
        .EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "fixtures-competing"), "*.json")
        .Order(StringComparer.Ordinal)
        .Select(path =>
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return new CompetingRisksReference(Path.GetFileNameWithoutExtension(path), document.RootElement.Clone());
        })
        .ToArray();

    public static CompetingRisksReference Named(string name) => All.Single(r => r.Name == name);

    /// <summary>Each set with groups, unstratified and, where it has strata, stratified: the cases of Gray's test.</summary>
    public static TheoryData<string, bool> GroupComparisons()
    {
        var data = new TheoryData<string, bool>();
        foreach (var set in CompetingRisksReference.All.Where(s => s.Groups is not null))
        {
            data.Add(set.Name, false);
            if (set.Strata is not null) data.Add(set.Name, true);
        }
        return data;
    }

    /// <summary>Every (file, group) of the aalen_johansen sections.</summary>
    public static TheoryData<string, string> Curves()
    {
        var data = new TheoryData<string, string>();
        foreach (var set in All)
            foreach (var group in set.Root.GetProperty("aalen_johansen").EnumerateObject()) data.Add(set.Name, group.Name);
        return data;
    }

    /// <summary>Every subject in a counting table with its cause, group and (when <paramref name="withStrata"/>) stratum.</summary>
    public CountingTable Table(bool withStrata)
    {
        var builder = new CountingTable.Builder();
        var causes = Causes.Select(builder.Cause).ToArray();
        for (var i = 0; i < Times.Length; i++)
        {
            var cell = builder.Cell(Groups?[i] ?? "", withStrata ? Strata![i] : "");
            builder.AddSubject(cell, new SubjectRow(Times[i], Status[i] != 0) { Cause = Status[i] == 0 ? -1 : causes[Status[i] - 1] });
        }
        return builder.Build();
    }

    /// <summary>The subjects of group <paramref name="group"/> (all of them for <c>all</c>) as counts per distinct time.</summary>
    public CauseCounts Counts(string group)
    {
        var rows = Enumerable.Range(0, Times.Length).Where(i => Groups is null ? group == "all" : Groups[i] == group);
        return CauseCounts.Tabulate(rows.Select(i => (Times[i], Status[i])), Causes.Length);
    }
}

/// <summary>Counts per distinct time, the input of <see cref="AalenJohansen.Estimate"/>.</summary>
public sealed record CauseCounts(double[] Times, int[] AtRisk, int[] EventsByCause, int[] Censored, int CauseCount)
{
    /// <summary>Tabulates subjects (time, status 0 censored or cause 1..K).</summary>
    public static CauseCounts Tabulate(IEnumerable<(double Time, int Status)> subjects, int causeCount)
    {
        var byTime = subjects.GroupBy(s => s.Time).OrderBy(g => g.Key).ToArray();
        var times = byTime.Select(g => g.Key).ToArray();
        var events = new int[times.Length * causeCount];
        var censored = new int[times.Length];
        for (var j = 0; j < times.Length; j++)
            foreach (var (_, status) in byTime[j])
            {
                if (status == 0) censored[j]++;
                else events[j * causeCount + status - 1]++;
            }
        var atRisk = new int[times.Length];
        var remaining = 0;
        for (var j = times.Length - 1; j >= 0; j--)
        {
            remaining += censored[j];
            for (var c = 0; c < causeCount; c++) remaining += events[j * causeCount + c];
            atRisk[j] = remaining;
        }
        return new CauseCounts(times, atRisk, events, censored, causeCount);
    }

    public CumulativeIncidenceCurve Estimate(ConfidenceType type, double level) =>
        AalenJohansen.Estimate(Times, AtRisk, EventsByCause, Censored, CauseCount, type, new ConfidenceLevel(level));
}

using System.Globalization;
using System.Text;
using Survival.Client;
using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests.Remote;

/// <summary>The r-cox fixtures as a data side holds them: a CSV file of subjects, its columns and the remote model.</summary>
public static class RemoteCohorts
{
    /// <summary>Writes the fixture's subjects to a new CSV file (time, status, entry, stratum, weight, the terms).</summary>
    public static string WriteCsv(CoxReferenceSet set, double[]? weights = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"remote-{set.FileName}-{Guid.NewGuid():N}.csv");
        var header = new List<string> { "time", "status" };
        if (set.Entries is not null) header.Add("entry");
        if (set.Strata is not null) header.Add("stratum");
        if (weights is not null) header.Add("weight");
        header.AddRange(set.Terms);
        var text = new StringBuilder().AppendLine(string.Join(",", header));
        for (var i = 0; i < set.Times.Length; i++)
        {
            var cells = new List<string> { Number(set.Times[i]), set.Events[i] ? "1" : "0" };
            if (set.Entries is { } entries) cells.Add(Number(entries[i]));
            if (set.Strata is { } strata) cells.Add(Quoted(strata[i]));
            if (weights is not null) cells.Add(Number(weights[i]));
            cells.AddRange(set.Terms.Select(t => set.Factors.TryGetValue(t, out var labels) ? Quoted(labels[i]) : Number(set.Covariates[t][i])));
            text.AppendLine(string.Join(",", cells));
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    public static CohortColumns Columns(CoxReferenceSet set, bool weighted = false) => new()
    {
        Time = "time",
        Event = "status",
        Entry = set.Entries is null ? null : "entry",
        Stratum = set.Strata is null ? null : "stratum",
        Weight = weighted ? "weight" : null,
    };

    public static RemoteCoxModel Model(CoxReferenceSet set, string ties, bool weighted = false) => new()
    {
        Terms = { set.Terms },
        Factors = { set.FactorNames },
        Stratified = set.Strata is not null,
        Ties = ties == "breslow" ? TieMethod.Breslow : TieMethod.Efron,
        ConfLevel = set.ConfLevel,
        Weighted = weighted,
        DelayedEntry = set.Entries is not null,
    };

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Quoted(string label) => $"\"{label.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}

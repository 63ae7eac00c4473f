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
    public static string WriteCsv(CoxReferenceSet set)
    {
        var path = Path.Combine(Path.GetTempPath(), $"remote-{set.FileName}-{Guid.NewGuid():N}.csv");
        var header = new List<string> { "time", "status" };
        if (set.Entries is not null) header.Add("entry");
        if (set.Strata is not null) header.Add("stratum");
        if (set.Weights is not null) header.Add("weight");
        header.AddRange(set.Terms);
        var text = new StringBuilder().AppendLine(string.Join(",", header));
        for (var i = 0; i < set.Times.Length; i++)
        {
            var cells = new List<string> { Number(set.Times[i]), set.Events[i] ? "1" : "0" };
            if (set.Entries is { } entries) cells.Add(Number(entries[i]));
            if (set.Strata is { } strata) cells.Add(Quoted(strata[i]));
            if (set.Weights is { } weights) cells.Add(Number(weights[i]));
            cells.AddRange(set.Terms.Select(t => set.Factors.TryGetValue(t, out var labels) ? Quoted(labels[i]) : Number(set.Covariates[t][i])));
            text.AppendLine(string.Join(",", cells));
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    public static CohortColumns Columns(CoxReferenceSet set) => new()
    {
        Time = "time",
        Event = "status",
        Entry = set.Entries is null ? null : "entry",
        Stratum = set.Strata is null ? null : "stratum",
        Weight = set.Weights is null ? null : "weight",
    };

    public static RemoteCoxModel Model(CoxReferenceSet set, string ties) => new()
    {
        Terms = { set.Terms },
        Factors = { set.FactorNames },
        Stratified = set.Strata is not null,
        Ties = ties == "breslow" ? TieMethod.Breslow : TieMethod.Efron,
        ConfLevel = set.ConfLevel,
        Weighted = set.Weights is not null,
        DelayedEntry = set.Entries is not null,
    };

    /// <summary>The fixture's subjects in a new table of the PostgreSQL server (numbers as double precision, labels as text).</summary>
    public static async Task<string> LoadPostgresAsync(string connectionString, CoxReferenceSet set)
    {
        var table = $"remote_{Guid.NewGuid():N}";
        var path = WriteCsv(set);
        try
        {
            var header = File.ReadLines(path).First().Split(',');
            var types = header.Select(h => h is "stratum" || set.FactorNames.Contains(h) ? "text" : h == "status" ? "integer" : "double precision");
            await using var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString);
            await using (var create = dataSource.CreateCommand($"CREATE TABLE {table} ({string.Join(", ", header.Zip(types, (h, t) => $"\"{h}\" {t}"))})"))
                await create.ExecuteNonQueryAsync();
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var writer = await connection.BeginTextImportAsync($"COPY {table} FROM STDIN (FORMAT csv, HEADER true)");
            await writer.WriteAsync(await File.ReadAllTextAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
        return table;
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Quoted(string label) => $"\"{label.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}

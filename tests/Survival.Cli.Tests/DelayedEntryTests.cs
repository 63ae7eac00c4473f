using System.Globalization;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using Survival.TestSupport;

namespace Survival.Cli.Tests;

/// <summary>
/// <c>--entry</c>: a left-truncated file counted by DuckDB, read line by line, or counted elsewhere from the printed
/// query, gives R's numbers for tests/fixtures/r-generated/gen_left_truncated.json.
/// </summary>
public class DelayedEntryTests
{
    private static readonly ReferenceSet Reference = ReferenceSet.Named("gen_left_truncated");

    private static string[] Columns => ["--entry", "entry", "--time", "time", "--event", "status", "--group", "arm"];

    private static string WriteCsv()
    {
        var csv = new StringBuilder("entry,time,status,arm\n");
        for (var i = 0; i < Reference.Times.Length; i++)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{Reference.EntryTimes![i]:R},{Reference.Times[i]:R},{(Reference.Events[i] ? 1 : 0)},{Reference.Groups![i]}\n");
        }
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "left_truncated.csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    /// <summary>
    /// R: survfit(Surv(entry, time, status) ~ 1) per arm (surv at every time); coxph(Surv(entry, time, status) ~ arm,
    /// ties = "efron"). Tolerance 1e-9 relative.
    /// </summary>
    private static void AssertEqualsR(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        foreach (var group in root.GetProperty("estimates").GetProperty("groups").EnumerateArray())
        {
            var name = group.GetProperty("group").GetString()!;
            var km = Reference.Root.GetProperty("km").GetProperty(name);
            var survival = group.GetProperty("curve").EnumerateArray()
                .ToDictionary(p => p.GetProperty("time").GetDouble(), p => p.TryGetProperty("survival", out var s) ? s.GetDouble() : 0); // 0 is JSON's default
            var times = Json.Doubles(km, "time");
            var expected = Json.Doubles(km, "surv");
            for (var j = 0; j < times.Length; j++) Tolerance.Equal(expected[j], survival[times[j]!.Value], $"S({times[j]}) in {name}");
        }
        var cox = Reference.Root.GetProperty("cox").GetProperty("efron");
        var term = root.GetProperty("comparison").GetProperty("cox").GetProperty("terms")[0];
        Tolerance.Equal(Json.Doubles(cox, "hr")[0], term.GetProperty("hazardRatio").GetDouble(), "Cox hazard ratio");
        Tolerance.Equal(Json.Doubles(cox, "p")[0], term.GetProperty("pValue").GetDouble(), "Cox p");
    }

    [Fact]
    public async Task A_file_counted_by_DuckDB_gives_Rs_numbers()
    {
        // Act
        var run = await CliRun.InvokeAsync(["analyze", WriteCsv(), .. Columns, "--json"]);

        // Assert
        AssertEqualsR(run);
    }

    [Fact]
    public async Task The_printed_query_sent_back_as_counts_with_entered_gives_Rs_numbers()
    {
        // Arrange: the query as a cluster would run it, here in DuckDB, its result saved as a count table.
        var file = WriteCsv();
        var printed = await CliRun.InvokeAsync(["sql", "--query", $"SELECT * FROM read_csv('{file}')", .. Columns, "--dialect", "duckdb"]);
        var counts = Path.Combine(Path.GetDirectoryName(file)!, "counts.csv");
        await using (var connection = new DuckDBConnection("Data Source=:memory:"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"COPY ({printed.Output.Trim().TrimEnd(';')}) TO '{counts}' (HEADER)";
            await command.ExecuteNonQueryAsync();
        }

        // Act
        var run = await CliRun.InvokeAsync("analyze", "--counts", counts, "--json");

        // Assert
        Assert.Equal(0, printed.ExitCode);
        Assert.Contains("entered", File.ReadLines(counts).First());
        AssertEqualsR(run);
    }

    [Fact]
    public async Task An_entry_not_before_the_time_is_reported_by_line()
    {
        // Arrange: line 3 enters at its own time, which is not estimable.
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "bad_entry.csv");
        await File.WriteAllTextAsync(path, "entry,time,status\n0,5,1\n7,7,1\n1,9,0\n");

        // Act
        var run = await CliRun.InvokeAsync("analyze", path, "--entry", "entry", "--time", "time", "--event", "status");

        // Assert
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("bad_entry.csv:3: column 'entry' is 7: ", run.Error);
    }
}

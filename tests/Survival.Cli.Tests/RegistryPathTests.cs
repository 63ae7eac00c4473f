using DuckDB.NET.Data;

namespace Survival.Cli.Tests;

/// <summary>Parquet files, count tables and the printed query: the counting done where the data is gives R's numbers.</summary>
public class RegistryPathTests
{
    private static readonly string Veteran = Path.Combine(CliRun.Examples, "veteran.csv");

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static string TempFile(string name) => Path.Combine(Directory.CreateTempSubdirectory().FullName, name);

    [Fact]
    public async Task A_parquet_file_gives_Rs_numbers()
    {
        // Arrange: a typed Parquet copy, integer times and status, as a registry extract has them.
        var parquet = TempFile("veteran.parquet");
        await ExecuteAsync($"COPY (SELECT * FROM read_csv('{Veteran}')) TO '{parquet}' (FORMAT parquet)");

        // Act
        var run = await CliRun.InvokeAsync(["analyze", parquet, .. VeteranAgainstR.Options]);

        // Assert
        VeteranAgainstR.AssertEqualsR(run);
    }

    [Fact]
    public async Task The_printed_query_run_elsewhere_and_sent_back_as_counts_gives_Rs_numbers()
    {
        // Arrange: print the query as a user would for a cluster, run it (here in DuckDB) and save its result as CSV.
        var printed = await CliRun.InvokeAsync("sql", "--query", $"SELECT * FROM read_csv('{Veteran}')", "--time", "time", "--event", "status",
            "--group", "trt", "--dialect", "duckdb");
        var counts = TempFile("counts.csv");
        await ExecuteAsync($"COPY ({printed.Output.Trim().TrimEnd(';')}) TO '{counts}' (HEADER)");

        // Act
        var run = await CliRun.InvokeAsync("analyze", "--counts", counts, "--json", "--conf-level", VeteranAgainstR.ConfLevel);

        // Assert
        Assert.Equal(0, printed.ExitCode);
        VeteranAgainstR.AssertEqualsR(run);
    }

    [Fact]
    public async Task The_query_is_printed_in_the_dialect_asked_for()
    {
        // Act
        var run = await CliRun.InvokeAsync("sql", "--table", "lake.registry", "--start", "index_date", "--end", "exit_date", "--unit", "months",
            "--event", "died", "--group", "arm", "--dialect", "spark");

        // Assert
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("FROM `lake`.`registry`", run.Output);
        Assert.Contains("datediff(CAST(`exit_date` AS DATE), CAST(`index_date` AS DATE)) AS DOUBLE) / 30.4375", run.Output);
        Assert.EndsWith("GROUP BY `grp`, `stratum`, `time`;", run.Output.TrimEnd());
    }

    [Fact]
    public async Task A_count_row_the_service_rejects_is_reported_by_line()
    {
        // Arrange
        var counts = TempFile("counts.csv");
        await File.WriteAllTextAsync(counts, "group,stratum,time,events,censored\na,,5,2,1\na,,7,-1,0\n");

        // Act
        var run = await CliRun.InvokeAsync("analyze", "--counts", counts);

        // Assert
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("counts.csv:3: column 'events' is -1: ", run.Error);
    }

    [Theory]
    [InlineData("analyze", "--time", "t", "--event", "e")]
    [InlineData("analyze", "--table", "t", "--time", "t", "--event", "e")]
    [InlineData("sql", "--time", "t", "--event", "e")]
    [InlineData("sql", "--table", "t", "--start", "a", "--end", "b", "--unit", "fortnights", "--event", "e")]
    public async Task A_source_missing_or_ill_named_is_a_usage_error(params string[] args)
    {
        // Act
        var run = await CliRun.InvokeAsync(args);

        // Assert
        Assert.NotEqual(0, run.ExitCode);
        Assert.DoesNotContain("   at ", run.Error);
    }
}

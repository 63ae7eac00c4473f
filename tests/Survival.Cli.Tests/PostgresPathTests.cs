using Survival.TestSupport;

namespace Survival.Cli.Tests;

/// <summary><c>survival analyze --connection</c> against a real PostgreSQL server: the database counts, R's numbers come out.</summary>
public class PostgresPathTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task A_table_counted_in_the_database_gives_Rs_numbers()
    {
        // Arrange
        var table = await postgres.LoadVeteranAsync();

        // Act
        var run = await CliRun.InvokeAsync(["analyze", "--connection", postgres.ConnectionString, "--table", table, .. VeteranAgainstR.Options]);

        // Assert
        VeteranAgainstR.AssertEqualsR(run);
    }

    [Fact]
    public async Task A_query_with_dates_and_an_event_value_gives_the_same_numbers_as_the_table()
    {
        // Arrange: the same times as dates from one start, and status recoded 2/1 as in R's lung data.
        var table = await postgres.LoadVeteranAsync();
        var query = $"SELECT DATE '2020-01-01' AS entry, DATE '2020-01-01' + time AS exit, status + 1 AS dead, trt FROM {table}";

        // Act
        var run = await CliRun.InvokeAsync(["analyze", "--connection", postgres.ConnectionString, "--query", query, "--start", "entry", "--end", "exit",
            "--event", "dead", "--event-value", "2", "--group", "trt", "--json", "--conf-level", VeteranAgainstR.ConfLevel]);

        // Assert
        VeteranAgainstR.AssertEqualsR(run);
    }

    [Fact]
    public async Task A_missing_column_is_the_databases_message_not_a_crash()
    {
        // Arrange
        var table = await postgres.LoadVeteranAsync();

        // Act
        var run = await CliRun.InvokeAsync("analyze", "--connection", postgres.ConnectionString, "--table", table, "--time", "nope", "--event", "status");

        // Assert
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nope", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }
}

using Npgsql;
using Survival.TestSupport;

namespace Survival.Cli.Tests;

/// <summary>
/// <c>survival cox --remote</c>: the same table as the in-memory <c>survival cox</c> of the same subjects, from sums
/// computed by embedded DuckDB (a file) or by <c>psql</c> as a <c>--sql-runner</c> (a table of the throwaway
/// PostgreSQL server); and <c>survival sql --model cox</c> prints the queries.
/// </summary>
public class RemoteCoxCliTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static readonly string[] Model = ["--time", "time", "--event", "status", "--terms", "trt,celltype", "--factor", "trt,celltype"];

    [Fact]
    public async Task A_remote_fit_of_a_file_prints_the_in_memory_table()
    {
        // Arrange
        var file = Path.Combine(CliRun.Examples, "veteran.csv");
        var inMemory = await CliRun.InvokeAsync(["cox", file, .. Model]);

        // Act
        var remote = await CliRun.InvokeAsync(["cox", file, .. Model, "--remote"]);

        // Assert: every line but the concordance, which sums cannot give and the remote fit names instead.
        Assert.Equal(0, remote.ExitCode);
        Assert.Equal(Table(inMemory.Output), Table(remote.Output));
        Assert.Contains("Not computed: concordance", remote.Output);
    }

    [Fact]
    public async Task A_remote_fit_through_psql_as_the_sql_runner_prints_the_in_memory_table()
    {
        // Arrange
        var table = await postgres.LoadVeteranAsync();
        var inMemory = await CliRun.InvokeAsync(["cox", Path.Combine(CliRun.Examples, "veteran.csv"), .. Model]);
        var connection = new NpgsqlConnectionStringBuilder(postgres.ConnectionString);
        var psql = $"psql -X -q --csv -v ON_ERROR_STOP=1 -h {connection.Host} -p {connection.Port} -U {connection.Username} -d {connection.Database}";

        // Act
        var remote = await CliRun.InvokeAsync(["cox", "--remote", "--table", table, "--sql-runner", psql, "--dialect", "postgres", .. Model]);

        // Assert
        Assert.Equal(0, remote.ExitCode);
        Assert.Equal(Table(inMemory.Output), Table(remote.Output));
    }

    [Fact]
    public async Task A_failing_sql_runner_is_an_input_error_naming_it()
    {
        // Act
        var run = await CliRun.InvokeAsync(["cox", "--remote", "--table", "missing_table", "--sql-runner", "false", .. Model]);

        // Assert
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("the SQL runner 'false' exited with 1", run.Error);
    }

    [Fact]
    public async Task Remote_options_without_remote_are_refused()
    {
        // Act
        var run = await CliRun.InvokeAsync(["cox", Path.Combine(CliRun.Examples, "veteran.csv"), .. Model, "--sql-runner", "psql"]);

        // Assert
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--sql-runner needs --remote", run.Error);
    }

    [Fact]
    public async Task Sql_model_cox_prints_the_summary_and_the_step_template()
    {
        // Act
        var run = await CliRun.InvokeAsync(["sql", "--model", "cox", "--table", "cohort", "--time", "time", "--event", "status",
            "--terms", "age,sex", "--factor", "sex", "--dialect", "spark"]);

        // Assert: one GROUP BY per step over (stratum, time, role), β and centres as placeholders, Spark's quoting.
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("GROUP BY `sr`, `t`, `ev`, `f1`", run.Output);
        Assert.Contains("exp(:beta_0 * `x0`)", run.Output);
        Assert.Contains("trim(CAST(`f1` AS STRING)) AS `level0`", run.Output);
        Assert.DoesNotContain(" OVER ", run.Output);
    }

    private static string[] Table(string output) =>
        [.. output.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("Concordance", StringComparison.Ordinal) && !l.StartsWith("Fitted where", StringComparison.Ordinal)
            && !l.StartsWith("Not computed", StringComparison.Ordinal))];
}

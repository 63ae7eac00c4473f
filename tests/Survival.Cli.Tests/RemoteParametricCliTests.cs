using System.Globalization;
using Npgsql;
using Survival.TestSupport;

namespace Survival.Cli.Tests;

/// <summary>
/// <c>survival fit --remote</c>: the coefficients table (log-likelihood, iterations, estimates, standard errors, scales,
/// hazard ratios) is the in-memory <c>survival fit --coefficients</c>'s of the same subjects, from sums computed by
/// embedded DuckDB (a file), by PostgreSQL (<c>--postgres</c>) or by <c>psql</c> as a <c>--sql-runner</c> (a table of
/// the throwaway PostgreSQL server): the four families, with strata and delayed entry; so is the summary table (AIC,
/// BIC, median and mean at each default profile, with --times, --horizon and --rmst-tau passed through also S at the
/// times and the restricted mean, and the same last follow-up); and <c>survival sql --model weibull</c> prints the queries.
/// </summary>
public class RemoteParametricCliTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static readonly string[] Model = ["--time", "time", "--event", "status", "--terms", "trt,celltype", "--factor", "trt,celltype", "--coefficients"];

    private static readonly string[] Stratified = ["--time", "time", "--event", "status", "--terms", "trt", "--factor", "trt", "--strata", "celltype", "--coefficients"];

    [Theory]
    [InlineData("exponential")]
    [InlineData("weibull")]
    [InlineData("lognormal")]
    [InlineData("loglogistic")]
    public async Task A_remote_fit_of_a_file_prints_the_in_memory_coefficients(string distribution)
    {
        // Arrange
        var file = Path.Combine(CliRun.Examples, "veteran.csv");
        var inMemory = await CliRun.InvokeAsync(["fit", file, .. Model, "--dist", distribution]);

        // Act
        var remote = await CliRun.InvokeAsync(["fit", file, .. Model, "--dist", distribution, "--remote"]);

        // Assert
        Assert.Equal(0, remote.ExitCode);
        Assert.Equal(Coefficients(inMemory.Output), Coefficients(remote.Output));
        Assert.Equal(Summary(inMemory.Output), Summary(remote.Output));
        Assert.DoesNotContain("Not computed: predictions", remote.Output);
    }

    [Theory]
    [InlineData("weibull")]
    [InlineData("loglogistic")]
    public async Task Times_a_horizon_and_a_restricted_mean_are_passed_through_and_give_the_in_memory_table(string distribution)
    {
        // Arrange
        var file = Path.Combine(CliRun.Examples, "veteran.csv");
        string[] model = [.. Model, "--dist", distribution, "--times", "30,90,365", "--horizon", "1200", "--rmst-tau", "400"];
        var inMemory = await CliRun.InvokeAsync(["fit", file, .. model]);

        // Act
        var remote = await CliRun.InvokeAsync(["fit", file, .. model, "--remote"]);

        // Assert: the same first line (subjects, events, the last follow-up), S at the times and RMST, and nothing left out.
        Assert.Equal(0, remote.ExitCode);
        Assert.Equal(inMemory.Output.Split('\n')[0], remote.Output.Split('\n')[0]);
        Assert.Contains("last follow-up", remote.Output, StringComparison.Ordinal);
        Assert.Equal(Summary(inMemory.Output), Summary(remote.Output));
        Assert.Contains("RMST(400)", remote.Output, StringComparison.Ordinal);
        Assert.Contains("S(365)", remote.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Not computed", remote.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("weibull")]
    [InlineData("lognormal")]
    public async Task Strata_and_delayed_entry_give_the_in_memory_coefficients(string distribution)
    {
        // Arrange: veteran with every other subject entering at a third of its time.
        var lines = await File.ReadAllLinesAsync(Path.Combine(CliRun.Examples, "veteran.csv"));
        var file = Path.Combine(Directory.CreateTempSubdirectory().FullName, "veteran_entry.csv");
        await File.WriteAllLinesAsync(file, [lines[0] + ",entry", .. lines.Skip(1).Select((line, i) =>
            $"{line},{(i % 2 == 0 ? 0 : double.Parse(line.Split(',')[0], CultureInfo.InvariantCulture) / 3).ToString("R", CultureInfo.InvariantCulture)}")]);
        string[] model = [.. Stratified, "--entry", "entry", "--dist", distribution];
        var inMemory = await CliRun.InvokeAsync(["fit", file, .. model]);

        // Act
        var remote = await CliRun.InvokeAsync(["fit", file, .. model, "--remote"]);

        // Assert
        Assert.Equal(0, inMemory.ExitCode);
        Assert.Equal(0, remote.ExitCode);
        Assert.Equal(Coefficients(inMemory.Output), Coefficients(remote.Output));
        Assert.Equal(Summary(inMemory.Output), Summary(remote.Output));
        Assert.Contains("Log(scale) (adeno)", remote.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lognormal", false)]
    [InlineData("loglogistic", true)]
    public async Task A_remote_fit_of_a_postgres_table_prints_the_in_memory_coefficients(string distribution, bool throughPsql)
    {
        // Arrange
        var table = await postgres.LoadVeteranAsync();
        var inMemory = await CliRun.InvokeAsync(["fit", Path.Combine(CliRun.Examples, "veteran.csv"), .. Stratified, "--dist", distribution]);
        var connection = new NpgsqlConnectionStringBuilder(postgres.ConnectionString);
        string[] source = throughPsql
            ? ["--sql-runner", $"psql -X -q --csv -v ON_ERROR_STOP=1 -h {connection.Host} -p {connection.Port} -U {connection.Username} -d {connection.Database}", "--dialect", "postgres"]
            : ["--postgres", postgres.ConnectionString];

        // Act
        var remote = await CliRun.InvokeAsync(["fit", "--remote", "--table", table, .. source, .. Stratified, "--dist", distribution]);

        // Assert
        Assert.Equal(0, remote.ExitCode);
        Assert.Equal(Coefficients(inMemory.Output), Coefficients(remote.Output));
    }

    [Fact]
    public async Task The_gompertz_is_refused_with_remote()
    {
        // Act
        var remote = await CliRun.InvokeAsync(["fit", Path.Combine(CliRun.Examples, "veteran.csv"), .. Model, "--dist", "gompertz", "--remote"]);

        // Assert
        Assert.NotEqual(0, remote.ExitCode);
        Assert.Contains("--remote fits one --dist, exponential, weibull, lognormal, loglogistic", remote.Error);
    }

    [Fact]
    public async Task Sql_prints_a_remote_parametric_fits_queries_with_placeholders()
    {
        // Act
        var run = await CliRun.InvokeAsync(["sql", "--model", "lognormal", "--table", "cohort", "--time", "time", "--event", "status", "--stratum", "site",
            "--terms", "age", "--dialect", "postgres"]);

        // Assert
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("-- A remote lognormal fit", run.Output);
        Assert.Contains("GROUP BY \"stratum\"", run.Output);
        Assert.Contains(":log_scale_1", run.Output);
        Assert.Contains(":beta_1 * \"x1\"", run.Output);
        Assert.Contains("AS MATERIALIZED", run.Output);
    }

    /// <summary>The summary table: from its header ("distribution …") to the blank line after it.</summary>
    private static string[] Summary(string output)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd()).ToArray();
        var from = Array.FindIndex(lines, l => l.StartsWith("distribution", StringComparison.Ordinal));
        Assert.True(from >= 0, output);
        return [.. lines.Skip(from).TakeWhile(l => l.Length > 0)];
    }

    /// <summary>From the line "…: log-likelihood …" to the end of its table.</summary>
    private static string[] Coefficients(string output)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd()).ToArray();
        var from = Array.FindIndex(lines, l => l.Contains(": log-likelihood", StringComparison.Ordinal));
        Assert.True(from >= 0, output);
        return [.. lines.Skip(from).TakeWhile(l => l.Length > 0 && !l.StartsWith("Fitted where", StringComparison.Ordinal))];
    }
}

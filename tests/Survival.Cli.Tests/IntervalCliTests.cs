using System.Globalization;
using System.Text.Json;
using Npgsql;
using Survival.TestSupport;

namespace Survival.Cli.Tests;

/// <summary>
/// <c>survival analyze --left --right</c> and the scan-date form: the breast cosmesis data give npsurv's masses and the
/// rank tests' figures by every path (DuckDB's GROUP BY, a count table, PostgreSQL), the dates give the same numbers as
/// the times computed from them, and mistakes are reported by line.
/// </summary>
public class IntervalCliTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static readonly IntervalReference Cosmesis = IntervalReference.Named("breast_cosmesis");

    private static string Example(string name) => Path.Combine(CliRun.Examples, name);

    private static async Task<string> FileWith(string name, string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    /// <summary>npsurv's masses within 1e-8 and Sun's permutation chi-square within 1e-7 relative, from the JSON response.</summary>
    private static void AssertEqualsR(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        foreach (var group in json.RootElement.GetProperty("estimates").GetProperty("groups").EnumerateArray())
        {
            var expected = Json.Doubles(Cosmesis.Root.GetProperty("npmle").GetProperty(group.GetProperty("group").GetString()!), "p");
            var intervals = group.GetProperty("interval").GetProperty("intervals").EnumerateArray().ToArray();
            Assert.Equal(expected.Length, intervals.Length);
            for (var k = 0; k < expected.Length; k++) Assert.Equal(expected[k]!.Value, intervals[k].GetProperty("mass").GetDouble(), 1e-8);
        }
        var sun = json.RootElement.GetProperty("comparison").GetProperty("interval").GetProperty("tests")[0].GetProperty("permutation");
        var chiSquare = Cosmesis.Root.GetProperty("tests").GetProperty("logrank1").GetProperty("permutation").GetProperty("chisq").GetDouble();
        Assert.Equal(chiSquare, sun.GetProperty("chiSquare").GetDouble(), 1e-7 * chiSquare);
    }

    private static readonly string[] Options = ["--left", "left", "--right", "right", "--group", "treatment", "--unit", "months", "--bootstrap", "20", "--json"];

    [Fact]
    public async Task A_file_counted_by_DuckDB_gives_npsurv_and_the_rank_tests()
    {
        // Act
        var run = await CliRun.InvokeAsync(["analyze", Example("breast_cosmesis.csv"), .. Options]);

        // Assert
        AssertEqualsR(run);
    }

    [Fact]
    public async Task A_count_table_gives_the_same_numbers()
    {
        // Arrange: the rows a GROUP BY on the interval returns, with a right end of Inf for the right-censored.
        var rows = Enumerable.Range(0, Cosmesis.Left.Length)
            .GroupBy(i => (Cosmesis.Groups[i], Cosmesis.Left[i], Cosmesis.Right[i]))
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key.Item1},,{g.Key.Item2},{(double.IsFinite(g.Key.Item3) ? g.Key.Item3.ToString(CultureInfo.InvariantCulture) : "Inf")},{g.Count()}"));
        var counts = await FileWith("counts.csv", "group,stratum,interval_left,interval_right,count\n" + string.Join("\n", rows) + "\n");

        // Act
        var run = await CliRun.InvokeAsync("analyze", "--counts", counts, "--unit", "months", "--bootstrap", "20", "--json");

        // Assert
        AssertEqualsR(run);
    }

    [Fact]
    public async Task A_PostgreSQL_table_counted_in_the_database_gives_the_same_numbers()
    {
        // Arrange
        var table = $"cosmesis_{Guid.NewGuid():N}";
        await using var dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);
        await using (var create = dataSource.CreateCommand($"CREATE TABLE {table} (id integer, treatment text, \"left\" double precision, \"right\" double precision)"))
            await create.ExecuteNonQueryAsync();
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var writer = await connection.BeginTextImportAsync($"COPY {table} FROM STDIN (FORMAT csv, HEADER true)"))
            await writer.WriteAsync(await File.ReadAllTextAsync(Example("breast_cosmesis.csv")));

        // Act
        var run = await CliRun.InvokeAsync(["analyze", "--connection", postgres.ConnectionString, "--table", table, .. Options]);

        // Assert
        AssertEqualsR(run);
    }

    [Fact]
    public async Task Scan_dates_give_the_numbers_of_the_times_computed_from_them()
    {
        // Arrange: the example's scan dates as months since the start, written out.
        var lines = await File.ReadAllLinesAsync(Example("pfs_scans.csv"));
        var header = lines[0].Split(',').Select(c => c.Trim('"')).ToList();
        double Months(string from, string to) => (DateOnly.Parse(to.Trim('"'), CultureInfo.InvariantCulture).DayNumber - DateOnly.Parse(from.Trim('"'), CultureInfo.InvariantCulture).DayNumber) / 30.4375;
        var times = lines.Skip(1).Select(line =>
        {
            var cells = line.Split(',');
            var (start, negative, positive) = (cells[header.IndexOf("start_date")], cells[header.IndexOf("last_negative_scan")], cells[header.IndexOf("first_positive_scan")]);
            var right = positive.Trim('"').Length == 0 ? "" : Months(start, positive).ToString("R", CultureInfo.InvariantCulture);
            return $"{cells[header.IndexOf("arm")].Trim('"')},{Months(start, negative).ToString("R", CultureInfo.InvariantCulture)},{right}";
        });
        var file = await FileWith("pfs_times.csv", "arm,left,right\n" + string.Join("\n", times) + "\n");

        // Act
        var fromDates = await CliRun.InvokeAsync("analyze", Example("pfs_scans.csv"), "--start", "start_date", "--last-negative-scan", "last_negative_scan",
            "--first-positive-scan", "first_positive_scan", "--unit", "months", "--group", "arm", "--bootstrap", "0", "--json");
        var fromTimes = await CliRun.InvokeAsync("analyze", file, "--left", "left", "--right", "right", "--unit", "months", "--group", "arm", "--bootstrap", "0", "--json");

        // Assert
        Assert.True(fromDates.ExitCode == 0, fromDates.Error);
        Assert.True(fromTimes.ExitCode == 0, fromTimes.Error);
        Assert.Equal(fromTimes.Output, fromDates.Output);
    }

    [Fact]
    public async Task The_summary_reports_medians_tests_and_sensitivity_analyses()
    {
        // Act
        var run = await CliRun.InvokeAsync("analyze", Example("breast_cosmesis.csv"), "--left", "left", "--right", "right", "--group", "treatment",
            "--unit", "months", "--landmark", "12", "--bootstrap", "20");

        // Assert
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("in (38, 40]", run.Output);
        Assert.Contains("Sun's log-rank: chi-square 7.143 on 1 df, p = 0.0075", run.Output);
        Assert.Contains("Finkelstein's log-rank", run.Output);
        Assert.Contains("midpoint", run.Output);
        Assert.Contains("right end", run.Output);
    }

    [Fact]
    public async Task A_right_end_before_the_left_is_reported_by_line()
    {
        // Arrange
        var file = await FileWith("bad.csv", "left,right\n2,5\n7,4\n3,\n");

        // Act
        var run = await CliRun.InvokeAsync("analyze", file, "--left", "left", "--right", "right");

        // Assert
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("bad.csv:3", run.Error);
        Assert.Contains("column 'right' is 4", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public async Task A_non_integer_count_is_reported_by_line()
    {
        // Arrange
        var file = await FileWith("counts.csv", "group,interval_left,interval_right,count\na,2,5,3\nb,1,4,1.5\n");

        // Act
        var run = await CliRun.InvokeAsync("analyze", "--counts", file);

        // Assert
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("counts.csv:3", run.Error);
        Assert.Contains("whole number", run.Error);
    }

    [Theory]
    [InlineData("--left", "left")]
    [InlineData("--first-positive-scan", "first_positive_scan")]
    public async Task An_incomplete_interval_is_a_usage_error(string option, string column)
    {
        // Act
        var run = await CliRun.InvokeAsync("analyze", Example("breast_cosmesis.csv"), option, column);

        // Assert
        Assert.NotEqual(0, run.ExitCode);
        Assert.DoesNotContain("   at ", run.Error);
    }
}

namespace Survival.Cli.Tests;

/// <summary>
/// An event column is read as R's <c>Surv</c> reads a status, or as <c>--event-value</c> names it, and never with
/// events and censorings swapped or an unreadable cell counted as censored.
/// </summary>
public class EventCodingTests
{
    private static async Task<string> FileWith(string name, string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    /// <summary>R's veteran data with its own status coding, 1 = censored, 2 = dead, from examples/veteran.csv (0/1).</summary>
    private static async Task<string> VeteranCodedAsInR()
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(CliRun.Examples, "veteran.csv"));
        var recoded = lines.Take(1).Concat(lines.Skip(1).Select(line =>
        {
            var cells = line.Split(',');
            cells[1] = cells[1] == "1" ? "2" : "1";
            return string.Join(',', cells);
        }));
        return await FileWith("veteran_r_coding.csv", string.Join('\n', recoded) + "\n");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_status_of_1_and_2_is_read_as_R_reads_it_and_says_so(bool weighted)
    {
        // Arrange: the same subjects as examples/veteran.csv, status 2 = dead.
        var file = await VeteranCodedAsInR();
        string[] weight = weighted ? ["--weight", "time"] : [];

        // Act
        var recoded = await CliRun.InvokeAsync(["analyze", file, "--time", "time", "--event", "status", "--group", "trt", .. weight]);
        var original = await CliRun.InvokeAsync(["analyze", Path.Combine(CliRun.Examples, "veteran.csv"), "--time", "time", "--event", "status", "--group", "trt", .. weight]);

        // Assert: R survfit(Surv(time, status) ~ trt, veteran): 128 deaths of 137; the numbers of the 0/1 file.
        Assert.True(recoded.ExitCode == 0, recoded.Error);
        var lines = recoded.Output.Split('\n');
        Assert.Equal("veteran_r_coding.csv: 'status' holds 1 and 2: read as R reads it, 2 = event and 1 = censored (--event-value chooses otherwise)", lines[0]);
        Assert.Equal(original.Output, string.Join('\n', lines.Skip(1)));
        Assert.Contains("137 subjects, 128 events", recoded.Output);
    }

    [Fact]
    public async Task Event_value_names_the_event_in_a_file()
    {
        // Arrange
        var file = await FileWith("words.csv", "t,status\n5,dead\n6,alive\n7,dead\n8,alive\n");

        // Act
        var run = await CliRun.InvokeAsync("analyze", file, "--time", "t", "--event", "status", "--event-value", "dead");

        // Assert
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.StartsWith("4 subjects, 2 events", run.Output);
    }

    [Theory]
    [InlineData("t,status\n5,dead\n6,alive\n7,\n", 2, "'status' holds 'alive', 'dead', (empty)")]
    [InlineData("t,status\n5,0\n6,1\n7,2\n", 4, "'status' holds '0', '1', '2'")]
    public async Task A_column_of_other_values_is_refused_naming_them(string text, int line, string holds)
    {
        // Arrange
        var file = await FileWith("codes.csv", text);

        // Act
        var run = await CliRun.InvokeAsync("analyze", file, "--time", "t", "--event", "status");

        // Assert: R's Surv turns a 0 among 1/2 into NA with a warning; here nothing is counted as censored silently.
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"codes.csv:{line}: {holds}; an event column holds 1/0", run.Error);
        Assert.Contains("give --event-value VALUE", run.Error);
    }

    [Fact]
    public async Task With_an_event_value_an_empty_cell_is_refused_by_its_line()
    {
        // Arrange
        var file = await FileWith("blank.csv", "t,status\n5,dead\n6,alive\n7,\n");

        // Act
        var run = await CliRun.InvokeAsync("analyze", file, "--time", "t", "--event", "status", "--event-value", "dead");

        // Assert
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("blank.csv:4: column 'status' is empty: every subject needs an event ('dead') or a censoring (any other value)", run.Error.Trim());
    }

    [Fact]
    public async Task A_parquet_file_coded_1_and_2_is_read_as_R_reads_it()
    {
        // Arrange: the R-coded veteran data as Parquet, written by DuckDB.
        var csv = await VeteranCodedAsInR();
        var parquet = Path.ChangeExtension(csv, ".parquet");
        await using (var connection = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"COPY (SELECT * FROM read_csv('{csv}')) TO '{parquet}' (FORMAT parquet)";
            await command.ExecuteNonQueryAsync();
        }

        // Act
        var run = await CliRun.InvokeAsync("analyze", parquet, "--time", "time", "--event", "status", "--group", "trt");

        // Assert: R survdiff(Surv(time, status) ~ trt, veteran): chi-square 0.008, p = 0.928.
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("137 subjects, 128 events", run.Output);
        Assert.Contains("Log-rank test: chi-square 0.008 on 1 df, p = 0.9277", run.Output);
    }

    [Fact]
    public async Task Cox_reads_R_coding_too()
    {
        // Arrange
        var file = await VeteranCodedAsInR();

        // Act
        var run = await CliRun.InvokeAsync("cox", file, "--time", "time", "--event", "status", "--terms", "trt", "--factor", "trt");

        // Assert: R coxph(Surv(time, status) ~ trt, veteran): HR 1.018.
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("137 subjects, 128 events", run.Output);
        Assert.Contains("1.02", run.Output);
    }
}

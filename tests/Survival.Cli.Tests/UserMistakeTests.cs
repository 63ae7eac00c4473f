using System.Globalization;

namespace Survival.Cli.Tests;

/// <summary>What a user gets wrong is reported in a line and an exit code, never a stack trace; no locale changes a number.</summary>
public class UserMistakeTests
{
    private static async Task<string> FileWith(string name, string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    [Fact]
    public async Task Numbers_are_read_the_same_in_a_comma_decimal_locale()
    {
        // Arrange
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            // Act
            var run = await CliRun.InvokeAsync("analyze", Path.Combine(CliRun.Examples, "seven_patient_cohort_illustrative.csv"),
                "--time", "os_months", "--event", "os_event", "--landmark", "12.5", "--rmst", "24.5", "--conf-level", "0.975");

            // Assert
            Assert.Equal(0, run.ExitCode);
            Assert.Contains("S(12.5) (97.5% CI)", run.Output);
            Assert.Contains("RMST(24.5)", run.Output);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public async Task A_short_row_is_reported_by_line_in_the_files_terms()
    {
        // Arrange
        var file = await FileWith("short.csv", "t,e,g\n5,1,a\n7\n");

        // Act
        var run = await CliRun.InvokeAsync("analyze", file, "--time", "t", "--event", "e", "--group", "g");

        // Assert: no word of CsvHelper's.
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("short.csv:3: the row has 1 value where the header names 3 columns (t, e, g); fill the missing cells (an empty cell between commas is fine)",
            run.Error.Trim());
    }

    [Theory]
    [InlineData("patient;months;died\nA;5;1\nB;7;0\n", "semicolon")]
    [InlineData("patient\tmonths\tdied\nA\t5\t1\nB\t7\t0\n", "tab")]
    public async Task A_csv_separated_otherwise_gets_a_hint_about_its_delimiter(string text, string delimiter)
    {
        // Arrange
        var file = await FileWith("other.csv", text);

        // Act
        var run = await CliRun.InvokeAsync("analyze", file, "--time", "months", "--event", "died");

        // Assert
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("other.csv:1: no column named 'months': the header", run.Error);
        Assert.Contains($"looks {delimiter}-separated, but this file is read as comma-separated", run.Error);
    }

    [Fact]
    public async Task A_row_the_service_rejects_is_named_by_file_line_column_and_value_past_blank_lines()
    {
        // Arrange: the negative time is on line 5.
        var file = await FileWith("blank.csv", "t,e\n5,1\n\n6,0\n-3,1\n");

        // Act
        var run = await CliRun.InvokeAsync("analyze", file, "--time", "t", "--event", "e");

        // Assert: InputRules' own words, placed in the file; no field path.
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("blank.csv:5: column 't' is -3: must be a finite number ≥ 0", run.Error.Trim());
    }

    [Fact]
    public async Task A_bad_option_value_is_named_once_by_its_option()
    {
        // Act: the landmark is checked for the estimates and again for the contrasts.
        var run = await CliRun.InvokeAsync("analyze", Path.Combine(CliRun.Examples, "veteran.csv"), "--time", "time", "--event", "status",
            "--group", "trt", "--landmark", "-5");

        // Assert
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("--landmark -5: must be a finite number ≥ 0", run.Error.Trim());
    }

    [Fact]
    public async Task A_usage_error_exits_2_with_the_error_and_one_usage_line()
    {
        // Act
        var run = await CliRun.InvokeAsync("analyze", Path.Combine(CliRun.Examples, "veteran.csv"), "--tme", "time", "--event", "status");

        // Assert: what is wrong, a suggestion, a usage line; not the sixty lines of help.
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--tme", run.Error);
        Assert.Contains("--time", run.Error);
        Assert.Contains("usage: survival analyze FILE --time COL --event COL", run.Error);
        Assert.DoesNotContain("--conf-type", run.Error + run.Output);
        Assert.True((run.Error + run.Output).Split('\n').Length < 12, run.Error + run.Output);
    }

    [Fact]
    public async Task Help_still_lists_every_option_and_exits_0()
    {
        // Act
        var run = await CliRun.InvokeAsync("analyze", "--help");

        // Assert
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--conf-type", run.Output);
    }

    [Fact]
    public async Task A_missing_file_is_an_error_not_a_crash()
    {
        // Act
        var run = await CliRun.InvokeAsync("analyze", "/nonexistent/cohort.csv", "--time", "t", "--event", "e");

        // Assert
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("cohort.csv", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public async Task A_plot_in_a_missing_folder_is_refused_before_the_work_and_exits_2()
    {
        // Act
        var run = await CliRun.InvokeAsync("analyze", Path.Combine(CliRun.Examples, "seven_patient_cohort_illustrative.csv"),
            "--time", "os_months", "--event", "os_event", "--plot", "/nonexistent/folder/km.png");

        // Assert
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("--plot /nonexistent/folder/km.png: the folder /nonexistent/folder does not exist; create it first", run.Error.Trim());
        Assert.Equal("", run.Output);
    }

    [Theory]
    [InlineData("127.0.0.1:1")]
    [InlineData("http://127.0.0.1:1")]
    public async Task A_server_that_does_not_answer_is_named_without_a_stack_trace(string server)
    {
        // Act: port 1 on loopback refuses connections.
        var run = await CliRun.InvokeAsync("analyze", Path.Combine(CliRun.Examples, "seven_patient_cohort_illustrative.csv"),
            "--time", "os_months", "--event", "os_event", "--server", server);

        // Assert
        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith("cannot reach the server at http://127.0.0.1:1/", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public async Task A_plot_of_groups_without_events_prints_its_annotations_as_not_estimable()
    {
        // Arrange: arm b has no events, so its hazard ratio diverges.
        var file = await FileWith("arms.csv", "t,e,arm\n2,1,a\n3,1,a\n5,0,a\n4,0,b\n6,0,b\n8,0,b\n");
        var plot = Path.Combine(Path.GetDirectoryName(file)!, "km.svg");

        // Act
        var run = await CliRun.InvokeAsync("analyze", file, "--time", "t", "--event", "e", "--group", "arm", "--plot", plot);

        // Assert
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("HR not estimable", await File.ReadAllTextAsync(plot));
    }
}

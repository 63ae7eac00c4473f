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
    public async Task A_short_row_is_reported_by_line()
    {
        // Arrange
        var file = await FileWith("short.csv", "t,e,g\n5,1,a\n7\n");

        // Act
        var run = await CliRun.InvokeAsync("analyze", file, "--time", "t", "--event", "e", "--group", "g");

        // Assert
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("short.csv:3:", run.Error);
    }

    [Fact]
    public async Task A_row_the_service_rejects_is_found_past_blank_lines()
    {
        // Arrange: the negative time is on line 5.
        var file = await FileWith("blank.csv", "t,e\n5,1\n\n6,0\n-3,1\n");

        // Act
        var run = await CliRun.InvokeAsync("analyze", file, "--time", "t", "--event", "e");

        // Assert
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("blank.csv:5 (cohort.subjects[2].time)", run.Error);
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
    public async Task A_plot_that_cannot_be_written_exits_2()
    {
        // Act
        var run = await CliRun.InvokeAsync("analyze", Path.Combine(CliRun.Examples, "seven_patient_cohort_illustrative.csv"),
            "--time", "os_months", "--event", "os_event", "--plot", "/nonexistent/folder/km.png");

        // Assert
        Assert.Equal(2, run.ExitCode);
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

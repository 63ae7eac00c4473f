namespace Survival.Cli.Tests;

/// <summary>
/// <c>survival fit</c> of interval-censored files, in-process: the breast-cosmesis women by their visit intervals
/// (examples/breast_cosmesis.csv, Fay &amp; Shaw's 94) and the PFS trial by its scan dates (examples/pfs_scans.csv).
/// </summary>
public class IntervalFitCommandTests
{
    private static readonly string Cosmesis = Path.Combine(CliRun.Examples, "breast_cosmesis.csv");
    private static readonly string Scans = Path.Combine(CliRun.Examples, "pfs_scans.csv");

    [Fact]
    public async Task Fits_the_intervals_as_survreg_interval2_and_draws_them_over_turnbull()
    {
        // Arrange
        var plot = Path.Combine(Directory.CreateTempSubdirectory().FullName, "fits.svg");

        // Act
        var run = await CliRun.InvokeAsync("fit", Cosmesis, "--left", "left", "--right", "right", "--group", "treatment",
            "--dist", "weibull", "--coefficients", "--unit", "months", "--plot", plot);

        // Assert: R, with lo = NA where left = 0 (left-censored): survreg(Surv(lo, right, type = "interval2") ~ treatment,
        // dist = "weibull"): AIC 293.337, BIC 300.9669; predict(type = "quantile", p = 0.5) 39.33377 (Rad) and 22.36252
        // (RadChem); treatmentRadChem -0.565 (se 0.176, printed -0.5647 and 0.1759 here), Log(scale) -0.478; 56 events (every interval).
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("94 subjects, 56 events; times in months", run.Output);
        var lines = run.Output.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("Weibull ", StringComparison.Ordinal) && l.Contains("293.3  301.0  39.334"));
        Assert.Contains(lines, l => l.StartsWith("Weibull ", StringComparison.Ordinal) && l.Contains("RadChem") && l.Contains("22.363"));
        Assert.Contains(lines, l => l.StartsWith("group: RadChem vs Rad", StringComparison.Ordinal) && l.Contains("-0.5647") && l.Contains("0.1759"));
        Assert.Contains(lines, l => l.StartsWith("Log(scale)", StringComparison.Ordinal) && l.Contains("-0.4782"));
        Assert.Contains("Turnbull: RadChem", File.ReadAllText(plot));
    }

    [Fact]
    public async Task Scan_dates_give_the_intervals_and_a_subject_censored_at_baseline_is_named()
    {
        // Act: P218 was censored at its baseline scan, a time of 0, which the log-scale families refuse (as survreg does).
        var run = await CliRun.InvokeAsync("fit", Scans, "--start", "start_date", "--last-negative-scan", "last_negative_scan",
            "--first-positive-scan", "first_positive_scan", "--group", "arm", "--unit", "months", "--dist", "weibull");

        // Assert
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("cohort.subjects[217].interval_left", run.Error);
        Assert.Contains("time of 0", run.Error);
    }

    [Fact]
    public async Task Interval_ends_and_a_time_together_are_refused()
    {
        // Act
        var run = await CliRun.InvokeAsync("fit", Cosmesis, "--left", "left", "--right", "right", "--time", "left", "--event", "right");

        // Assert
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("not both", run.Error);
    }
}

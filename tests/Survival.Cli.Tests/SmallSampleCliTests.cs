namespace Survival.Cli.Tests;

/// <summary>
/// <c>survival analyze</c> with the small-sample options as the README runs them on the seven patients: the
/// beta-product interval of the median (tests/fixtures-small-sample/intervals-seven_os.json: 9 to not reached) and a
/// simultaneous band whose scale and range are chosen on the command line.
/// </summary>
public class SmallSampleCliTests
{
    private static readonly string SevenPatients = Path.Combine(CliRun.Examples, "seven_patient_cohort_illustrative.csv");

    [Fact]
    public async Task A_band_on_the_scale_and_range_asked_for()
    {
        // Act: no death between 10 and 13 months, so σ² is constant there (a_L = a_U) and the equal-precision critical
        // value is the pointwise normal quantile, qnorm(0.975) = 1.96.
        var run = await CliRun.InvokeAsync("analyze", SevenPatients, "--time", "os_months", "--event", "os_event", "--unit", "months",
            "--conf-type", "beta-product", "--band", "equal-precision", "--band-scale", "arcsine", "--band-from", "10", "--band-to", "13");

        // Assert
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Matches(@"all\s+7\s+2\s+14 \(9 to not reached\)", run.Output);
        Assert.Contains("equal-precision (Nair), arcsine-square-root scale, 10 to 13 months, critical value 1.96", run.Output);
    }

    [Fact]
    public async Task A_band_past_the_follow_up_is_refused_naming_its_end()
    {
        var run = await CliRun.InvokeAsync("analyze", SevenPatients, "--time", "os_months", "--event", "os_event",
            "--band", "hall-wellner", "--band-to", "60");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("options.simultaneous_band.to", run.Error);
    }
}

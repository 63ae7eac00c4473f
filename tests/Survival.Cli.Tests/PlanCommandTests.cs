using System.Globalization;
using Survival.TestSupport;

namespace Survival.Cli.Tests;

/// <summary>
/// <c>survival plan</c> as the README runs it: the seven patients' Kaplan–Meier median OS (14 months) as the control of
/// the next study, against rpact's <c>getSampleSizeSurvival</c> (tests/fixtures-small-sample/design-rpact-sample-size.json)
/// and Wu's closed form (design-wu-one-sample.json), as the printout rounds them; and a bad field named.
/// </summary>
public class PlanCommandTests
{
    private static readonly string SevenPatients = Path.Combine(CliRun.Examples, "seven_patient_cohort_illustrative.csv");
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    [Fact]
    public async Task Two_arms_with_the_seven_patients_median_as_the_control_equal_rpact()
    {
        // Arrange: rpact getSampleSizeSurvival(median1 = 21, median2 = 14, accrualTime = c(0, 24), followUpTime = 12,
        // sided = 2, alpha = 0.05, beta = 0.2), the fixture case seven_patients_median_14.
        var expected = DesignCase.Load("rpact-sample-size", "seven_patients_median_14");

        // Act
        var run = await CliRun.InvokeAsync("plan", "--reference", SevenPatients, "--time", "os_months", "--event", "os_event",
            "--treatment-median", "21", "--alpha", "0.05", "--sided", "2", "--accrual", "24", "--follow-up", "12", "--unit", "months");

        // Assert
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Kaplan–Meier median 14 months", run.Output);
        Assert.Contains("two-sided α = 0.05", run.Output);
        var events = expected.Value("events");
        Assert.Matches($@"Events\s+{Math.Ceiling(events)}\s+\({Math.Round(events, 3).ToString(Invariant)}\)", run.Output);
        Assert.Contains($"{Math.Round(expected.Value("patients"), 3).ToString(Invariant)} unrounded", run.Output);
        Assert.Contains("getSampleSizeSurvival(", run.Output);
    }

    [Fact]
    public async Task One_arm_against_the_seven_patients_curve_equals_wus_closed_form()
    {
        // Arrange: Wu (2015), exponential null with median 14, hazard ratio 0.6, accrual 24, follow-up 12, one-sided
        // α = 0.05, power 0.8 (the fixture case seven_patients_median_14_months).
        var expected = DesignCase.Load("wu-one-sample", "seven_patients_median_14_months");

        // Act
        var run = await CliRun.InvokeAsync("plan", "--one-arm", "--reference", SevenPatients, "--time", "os_months", "--event", "os_event",
            "--hazard-ratio", "0.6", "--accrual", "24", "--follow-up", "12", "--unit", "months");

        // Assert
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Matches($@"Patients\s+{(long)expected.Value("n_required")}\s", run.Output);
    }

    [Fact]
    public async Task A_hazard_ratio_of_one_is_refused_naming_the_field()
    {
        var run = await CliRun.InvokeAsync("plan", "--control-median", "14", "--hazard-ratio", "1", "--accrual", "24", "--follow-up", "12");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("plan.hazard_ratio", run.Error);
    }
}

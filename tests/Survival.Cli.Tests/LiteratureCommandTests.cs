namespace Survival.Cli.Tests;

/// <summary>
/// <c>survival reconstruct</c>, <c>compare-external</c> and <c>pool</c> as the README uses them, in-process: the example
/// published curve (made from R's lung data set, examples/published_lung_*.csv), the seven illustrative patients and
/// the five case reports.
/// </summary>
public class LiteratureCommandTests
{
    private static readonly string Points = Path.Combine(CliRun.Examples, "published_lung_points.csv");
    private static readonly string AtRisk = Path.Combine(CliRun.Examples, "published_lung_at_risk.csv");
    private static readonly string Committed = Path.Combine(AppContext.BaseDirectory, "fixtures-literature", "rebuilt", "published_lung_rebuilt.csv");

    private static string Temp(string name) => Path.Combine(Directory.CreateTempSubdirectory().FullName, name);

    [Fact]
    public async Task Reconstruct_writes_the_cohort_R_analysed_and_prints_the_table_check()
    {
        // Arrange
        var (cohort, plot) = (Temp("rebuilt.csv"), Temp("rebuilt.png"));

        // Act
        var run = await CliRun.InvokeAsync("reconstruct", Points, "--at-risk", AtRisk, "--events", "165", "--unit", "months",
            "--label", "Published curve", "--out", cohort, "--plot", plot);

        // Assert: the rebuild is deterministic, so it reproduces the file tools/reference/generate-rebuilt-comparison.R read.
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(File.ReadAllText(Committed), File.ReadAllText(cohort));
        Assert.Contains("Published curve: 228 patients, 165 events (published 165)", run.Output);
        Assert.Contains("12                   65       65", run.Output);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], File.ReadAllBytes(plot)[..4]);
    }

    [Fact]
    public async Task Compare_external_against_the_rebuilt_curve_prints_the_one_and_two_sample_tests()
    {
        // Act
        var run = await CliRun.InvokeAsync("compare-external", Path.Combine(CliRun.Examples, "seven_patient_cohort_illustrative.csv"),
            "--time", "os_months", "--event", "os_event", "--unit", "months", "--reference-cohort", Committed, "--reference-label", "Published curve",
            "--rmst-tau", "24");

        // Assert: R (seven_patient_vs_published_lung.json): O = 2, E = 7.4457, O/E 0.27 (0.03 to 0.97), p 0.046; survdiff
        // chi-square 3.761, p 0.052; coxph HR 0.28 (0.07 to 1.11); RMST difference at 24 = 5.554.
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("all    7  2  7.446  0.27 (0.03 to 0.97)  -1.996  0.046      0.023    0.042", run.Output);
        Assert.Contains("the reference's median is 10.398", run.Output);
        Assert.Contains("Log-rank test: chi-square 3.761 on 1 df, p 0.052", run.Output);
        Assert.Contains("0.28 (0.07 to 1.11), p 0.070", run.Output);
        Assert.Contains("RMST difference at 24: 5.554", run.Output);
    }

    [Fact]
    public async Task Compare_external_against_a_median_draws_the_reference()
    {
        // Arrange
        var plot = Temp("vs_median.png");

        // Act
        var run = await CliRun.InvokeAsync("compare-external", Path.Combine(CliRun.Examples, "seven_patient_cohort_illustrative.csv"),
            "--time", "os_months", "--event", "os_event", "--unit", "months", "--median", "10", "--wu", "--plot", plot);

        // Assert: E = ln 2/10 × (9 + 51 + 14 + 8 + 11 + 13 + 10) = 8.0405; Wu's Z = (2 − 8.0405)/√5.0203 = −2.696.
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("8.041  0.25 (0.03 to 0.90)  -2.696", run.Output);
        Assert.True(new FileInfo(plot).Length > 1000);
    }

    [Fact]
    public async Task Pool_of_the_case_reports_gives_their_follow_up_and_says_nothing_can_be_pooled()
    {
        // Arrange
        var plot = Temp("case_reports.png");

        // Act
        var run = await CliRun.InvokeAsync("pool", Path.Combine(CliRun.Examples, "case_reports_dates.csv"), "--study", "case",
            "--start", "start_date", "--end", "last_followup_date", "--event", "died", "--unit", "months", "--measure", "median", "--survival-plot", plot);

        // Assert
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Nothing pooled: no study has an estimate.", run.Output);
        Assert.Contains("All studies                 5       0      not reached", run.Output);
        Assert.True(new FileInfo(plot).Length > 1000);
    }

    [Fact]
    public async Task Pool_of_veteran_by_cell_type_equals_metafor()
    {
        // Act
        var run = await CliRun.InvokeAsync("pool", Path.Combine(CliRun.Examples, "veteran.csv"), "--study", "celltype", "--time", "time",
            "--event", "status", "--group", "trt", "--method", "reml");

        // Assert: metafor rma(yi, sei, method = "REML") on coxph's log HRs by cell type: exp(0.1478) = 1.16 (0.70 to 1.92), τ² = 0.1168.
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("random (REML)  1.16 (0.70 to 1.92)  0.571  0.1168  43.6%", run.Output);
        Assert.Contains("One-stage Cox model stratified by study: HR test against standard 1.18 (0.80 to 1.75)", run.Output);
    }

    [Fact]
    public async Task A_study_without_a_standard_error_is_an_input_error()
    {
        // Arrange
        var file = Temp("studies.csv");
        File.WriteAllText(file, "study,log_estimate,std_error\nA,-0.2,0.1\nB,0.1,\n");

        // Act
        var run = await CliRun.InvokeAsync("pool", file);

        // Assert
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("(studies[1].std_error): must be a finite number > 0", run.Error);
    }

    [Fact]
    public async Task Points_out_of_range_name_the_field()
    {
        // Arrange
        var file = Temp("points.csv");
        File.WriteAllText(file, "time,survival\n0,100\n5,80\n10,60\n");

        // Act: percentages without --percent.
        var run = await CliRun.InvokeAsync("reconstruct", file, "--subjects", "20", "--out", Temp("out.csv"));

        // Assert
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("(arms[0].points[1].survival): must be a proportion in [0, 1] (divide percentages by 100)", run.Error);
    }
}

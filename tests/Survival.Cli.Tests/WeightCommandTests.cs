namespace Survival.Cli.Tests;

/// <summary><c>--weight</c> of <c>survival analyze</c> and <c>survival cox</c> on examples/lung_iptw.csv (R's lung with IPT weights).</summary>
public class WeightCommandTests
{
    private static readonly string Lung = Path.Combine(CliRun.Examples, "lung_iptw.csv");

    [Fact]
    public async Task Analyze_prints_the_weighted_estimates_and_cox_model()
    {
        // Act
        var run = await CliRun.InvokeAsync("analyze", Lung, "--time", "time", "--event", "status", "--group", "sex", "--weight", "weight",
            "--unit", "days", "--rmst", "730", "--landmark", "365");

        // Assert: R survfit(Surv(time, status) ~ sex, d, weights = weight): median female 426 (348 to 550), male 283
        // (218 to 329); summary(fit, rmean = 730) female 432.843, male 316.208; coxph(..., weights = weight):
        // HR 1.647, robust 95% CI 1.2 to 2.259.
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("weighted by the case weights", run.Output);
        Assert.Contains("426 (348 to 550)", run.Output);
        Assert.Contains("283 (218 to 329)", run.Output);
        Assert.Contains("432.843", run.Output);
        Assert.Contains("male: 1.647 (95% CI 1.2 to 2.259)", run.Output);
        Assert.DoesNotContain("Log-rank test", run.Output);
    }

    [Fact]
    public async Task Cox_prints_the_robust_beside_the_model_based_se()
    {
        // Act
        var run = await CliRun.InvokeAsync("cox", Lung, "--time", "time", "--event", "status", "--terms", "age,ph_ecog,sex", "--factor", "sex", "--weight", "weight");

        // Assert: R coxph(Surv(time, status) ~ age + ph_ecog + sex, d, weights = weight): ph_ecog coef 0.455,
        // se 0.113, robust se 0.124; LR 28.75 on 3 df.
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("robust se", run.Output);
        Assert.Contains("0.455     0.113      0.124", run.Output);
        Assert.Contains("Likelihood ratio test: 28.754 on 3 df", run.Output);
    }

    [Fact]
    public async Task A_weight_with_count_rows_is_a_usage_error()
    {
        // Arrange
        var counts = Path.Combine(Directory.CreateTempSubdirectory().FullName, "counts.csv");
        await File.WriteAllTextAsync(counts, "group,stratum,time,events,censored\na,,1,1,0\n");

        // Act
        var run = await CliRun.InvokeAsync("analyze", "--counts", counts, "--weight", "w");

        // Assert
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("count rows carry no weights", run.Error + run.Output);
    }
}

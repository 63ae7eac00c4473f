namespace Survival.Cli.Tests;

/// <summary><c>survival cox</c> on examples/veteran_covariates.csv (R's veteran data), in-process.</summary>
public class CoxCommandTests
{
    private static readonly string Veteran = Path.Combine(CliRun.Examples, "veteran_covariates.csv");

    [Fact]
    public async Task Prints_the_hazard_ratios_tests_and_zph_and_writes_the_forest_plot()
    {
        // Arrange
        var forest = Path.Combine(Directory.CreateTempSubdirectory().FullName, "forest.png");

        // Act
        var run = await CliRun.InvokeAsync("cox", Veteran, "--time", "time", "--event", "status",
            "--terms", "trt,celltype,karno,age", "--factor", "trt,celltype", "--zph", "--forest", forest);

        // Assert: R coxph(Surv(time, status) ~ trt + celltype + karno + age, veteran): HR(karno) = exp(-0.03282) = 0.97,
        // celltype large vs adeno exp(-0.7762) = 0.46 (0.26 to 0.82); LR 61.98 on 6 df; concordance 0.738; zph GLOBAL 29.18.
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("celltype: large vs adeno", run.Output);
        Assert.Contains("0.46  0.26 to 0.82", run.Output);
        Assert.Contains("Likelihood ratio test: 61.983 on 6 df", run.Output);
        Assert.Contains("Concordance: 0.738", run.Output);
        Assert.Contains("GLOBAL", run.Output);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], File.ReadAllBytes(forest)[..4]);
    }

    [Fact]
    public async Task A_text_column_not_declared_a_factor_is_an_input_error()
    {
        // Act
        var run = await CliRun.InvokeAsync("cox", Veteran, "--time", "time", "--event", "status", "--terms", "trt,karno");

        // Assert
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("veteran_covariates.csv:2: column 'trt' is 'standard': a covariate must be a number; a column of labels is a factor", run.Error);
    }
}

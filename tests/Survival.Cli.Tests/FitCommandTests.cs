namespace Survival.Cli.Tests;

/// <summary><c>survival fit</c> on examples/lung_iptw.csv (R's lung, 227 subjects with ph.ecog) and the seven patients, in-process.</summary>
public class FitCommandTests
{
    private static readonly string Lung = Path.Combine(CliRun.Examples, "lung_iptw.csv");

    [Fact]
    public async Task Prints_the_fits_by_AIC_with_medians_and_coefficients_and_writes_the_plots()
    {
        // Arrange
        var directory = Directory.CreateTempSubdirectory().FullName;
        var plot = Path.Combine(directory, "fits.png");
        var diagnostic = Path.Combine(directory, "loglog.svg");

        // Act
        var run = await CliRun.InvokeAsync("fit", Lung, "--time", "time", "--event", "status", "--group", "sex",
            "--dist", "weibull,lognormal", "--coefficients", "--horizon", "1825", "--unit", "days",
            "--plot", plot, "--diagnostic-plot", diagnostic);

        // Assert: R survreg(Surv(time, status) ~ sex, d, dist = "weibull"): AIC 2290.8, BIC 2301.075; median
        // predict(type = "quantile", p = 0.5) 404.7853 (female) and 274.5586 (male); sexmale -0.3881920 (se 0.1272717),
        // Log(scale) -0.2850865 (se 0.0621119). Log-normal AIC 2319.5, so the Weibull comes first.
        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n');
        var weibull = Array.FindIndex(lines, l => l.StartsWith("Weibull ", StringComparison.Ordinal));
        var logNormal = Array.FindIndex(lines, l => l.StartsWith("log-normal ", StringComparison.Ordinal));
        Assert.True(weibull >= 0 && weibull < logNormal, run.Output);
        Assert.Contains("2290.8  2301.1  404.8", lines[weibull]);
        Assert.Contains("274.6", lines[weibull + 1]);
        Assert.Contains("2319.5", lines[logNormal]);
        var sex = lines.Single(l => l.StartsWith("group: male vs female", StringComparison.Ordinal) && l.Contains("-0.3882"));
        Assert.Contains("0.1273", sex);
        var scale = lines.First(l => l.StartsWith("Log(scale)", StringComparison.Ordinal));
        Assert.Contains("-0.2851", scale);
        Assert.Contains("0.06211", scale);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], File.ReadAllBytes(plot)[..4]);
        Assert.Contains("<svg", File.ReadAllText(diagnostic));
    }

    [Fact]
    public async Task A_distribution_it_does_not_know_is_an_input_error()
    {
        // Act
        var run = await CliRun.InvokeAsync("fit", Lung, "--time", "time", "--event", "status", "--dist", "weibull,gamma");

        // Assert
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("'gamma' is not one of", run.Error);
    }
}

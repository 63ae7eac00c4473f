namespace Survival.Cli.Tests;

/// <summary>
/// <c>survival fit --remote</c>: the summary table (AIC, BIC, median and mean at each default profile) and the
/// coefficients table (log-likelihood, iterations, estimates, standard errors, hazard ratios) are the in-memory
/// <c>survival fit --coefficients</c>'s of the same file, from sums computed by embedded DuckDB.
/// </summary>
public class RemoteParametricCliTests
{
    private static readonly string[] Model = ["--time", "time", "--event", "status", "--terms", "trt,celltype", "--factor", "trt,celltype", "--coefficients"];

    [Theory]
    [InlineData("weibull")]
    [InlineData("exponential")]
    public async Task A_remote_fit_of_a_file_prints_the_in_memory_coefficients(string distribution)
    {
        // Arrange
        var file = Path.Combine(CliRun.Examples, "veteran.csv");
        var inMemory = await CliRun.InvokeAsync(["fit", file, .. Model, "--dist", distribution]);

        // Act
        var remote = await CliRun.InvokeAsync(["fit", file, .. Model, "--dist", distribution, "--remote"]);

        // Assert
        Assert.Equal(0, remote.ExitCode);
        Assert.Equal(Coefficients(inMemory.Output), Coefficients(remote.Output));
        Assert.Equal(Summary(inMemory.Output), Summary(remote.Output));
        Assert.DoesNotContain("Not computed: predictions", remote.Output);
    }

    [Fact]
    public async Task The_log_normal_is_refused_with_remote()
    {
        // Act
        var remote = await CliRun.InvokeAsync(["fit", Path.Combine(CliRun.Examples, "veteran.csv"), .. Model, "--dist", "lognormal", "--remote"]);

        // Assert
        Assert.NotEqual(0, remote.ExitCode);
        Assert.Contains("--remote fits one --dist, exponential or weibull", remote.Error);
    }

    /// <summary>The summary table: from its header ("distribution …") to the blank line after it.</summary>
    private static string[] Summary(string output)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd()).ToArray();
        var from = Array.FindIndex(lines, l => l.StartsWith("distribution", StringComparison.Ordinal));
        Assert.True(from >= 0, output);
        return [.. lines.Skip(from).TakeWhile(l => l.Length > 0)];
    }

    /// <summary>From the line "…: log-likelihood …" to the end of its table.</summary>
    private static string[] Coefficients(string output)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd()).ToArray();
        var from = Array.FindIndex(lines, l => l.Contains(": log-likelihood", StringComparison.Ordinal));
        Assert.True(from >= 0, output);
        return [.. lines.Skip(from).TakeWhile(l => l.Length > 0 && !l.StartsWith("Fitted where", StringComparison.Ordinal))];
    }
}

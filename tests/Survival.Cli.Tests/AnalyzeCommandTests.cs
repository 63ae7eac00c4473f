using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Survival.Cli.Tests;

/// <summary><c>survival analyze</c> as a researcher runs it from examples/, in-process and against a server.</summary>
public class AnalyzeCommandTests
{
    private static readonly string SevenPatients = Path.Combine(CliRun.Examples, "seven_patient_cohort_illustrative.csv");

    [Fact]
    public async Task Prints_the_medians_with_intervals_and_writes_the_png()
    {
        // Arrange
        var plot = Path.Combine(Directory.CreateTempSubdirectory().FullName, "km.png");

        // Act
        var run = await CliRun.InvokeAsync("analyze", SevenPatients, "--time", "os_months", "--event", "os_event", "--unit", "months",
            "--landmark", "12", "--rmst", "24", "--plot", plot);

        // Assert: R quantile(survfit(...), 0.5) = 14 (14, NA); summary(fit, times = 12) = 0.833; rmean(24) = 17.333.
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("14 (14 to not reached)", run.Output);
        Assert.Contains("83.3% (58.3% to 100%)", run.Output);
        Assert.Contains("17.333", run.Output);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], File.ReadAllBytes(plot)[..4]);
    }

    [Fact]
    public async Task Dates_give_a_median_that_is_plainly_not_reached()
    {
        // Act
        var run = await CliRun.InvokeAsync("analyze", Path.Combine(CliRun.Examples, "case_reports_dates.csv"),
            "--start", "start_date", "--end", "last_followup_date", "--event", "died", "--unit", "months");

        // Assert
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Median not reached", run.Output);
        Assert.Contains("0 events", run.Output);
    }

    [Fact]
    public async Task Groups_add_tests_and_hazard_ratios()
    {
        // Act
        var run = await CliRun.InvokeAsync("analyze", Path.Combine(CliRun.Examples, "veteran.csv"), "--time", "time", "--event", "status",
            "--group", "trt", "--test", "logrank", "--test", "gehan-breslow", "--pairwise");

        // Assert: R survdiff(Surv(time, status) ~ trt, veteran): chisq 0.00823, p 0.928.
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Log-rank test: chi-square 0.008 on 1 df, p = 0.9277", run.Output);
        Assert.Contains("Gehan–Breslow test", run.Output);
        Assert.Contains("test: 1.018 (95% CI 0.714 to 1.45)", run.Output);
    }

    [Fact]
    public async Task Json_prints_the_response()
    {
        // Act
        var run = await CliRun.InvokeAsync("analyze", SevenPatients, "--time", "pfs_months", "--event", "pfs_event", "--json");

        // Assert: counts (int64) are numbers, as the HTTP API writes them, not proto3's strings.
        using var json = JsonDocument.Parse(run.Output);
        var group = json.RootElement.GetProperty("estimates").GetProperty("groups")[0];
        Assert.Equal(12, group.GetProperty("median").GetProperty("time").GetDouble());
        Assert.Equal(JsonValueKind.Number, group.GetProperty("subjects").ValueKind);
        Assert.Equal(7, group.GetProperty("subjects").GetInt64());
        Assert.Equal(JsonValueKind.Number, group.GetProperty("curve")[0].GetProperty("atRisk").ValueKind);
        Assert.Equal(0, group.GetProperty("curve")[0].GetProperty("entered").GetInt64());
    }

    [Fact]
    public async Task A_bad_cell_is_reported_by_line_and_exits_2()
    {
        // Arrange
        var file = Path.Combine(Directory.CreateTempSubdirectory().FullName, "bad.csv");
        await File.WriteAllTextAsync(file, "t,e\n5,1\n-3,1\n");

        // Act
        var run = await CliRun.InvokeAsync("analyze", file, "--time", "t", "--event", "e");

        // Assert
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("bad.csv:3", run.Error);
        Assert.Contains("must be a finite number", run.Error);
    }

    [Fact]
    public async Task Server_mode_gives_the_same_summary_as_in_process()
    {
        // Arrange: a real Kestrel server on a free loopback port, speaking HTTP/2 without TLS as the Grpc endpoint does.
        using var factory = new WebApplicationFactory<global::Program>().WithWebHostBuilder(host => host
            .UseSetting("Kestrel:Endpoints:Grpc:Url", "http://127.0.0.1:0")
            .UseSetting("Kestrel:Endpoints:Http:Url", "http://127.0.0.1:0")
            .UseSetting("Kestrel:Endpoints:Http:Protocols", "Http2"));
        factory.UseKestrel();
        factory.StartServer();
        var address = factory.ClientOptions.BaseAddress.ToString();
        string[] args = ["analyze", SevenPatients, "--time", "os_months", "--event", "os_event", "--landmark", "12"];

        // Act
        var local = await CliRun.InvokeAsync(args);
        var remote = await CliRun.InvokeAsync([.. args, "--server", address]);

        // Assert
        Assert.True(remote.ExitCode == 0, remote.Error + address);
        Assert.Equal(local.Output, remote.Output);
    }
}

using Grpc.Core;
using Survival.V1;

namespace Survival.Server.Tests.Operations;

/// <summary>The Prometheus scrape on the HTTP endpoint of a real server process.</summary>
public class MetricsTests
{
    [Fact]
    public async Task Metrics_show_request_durations_and_calls_by_rpc_and_status_without_patient_data()
    {
        // Arrange
        using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Survival__Auth__ApiKeys__0"] = "metrics-key" });
        var client = new SurvivalAnalysis.SurvivalAnalysisClient(server.Channel);
        using var http = new HttpClient { BaseAddress = server.HttpAddress };

        // Act: one call refused for its credential, one for its input.
        await Assert.ThrowsAsync<RpcException>(() => client.EstimateSurvivalAsync(new EstimateSurvivalRequest()).ResponseAsync);
        using var keyed = Client.SurvivalChannel.Create(server.GrpcAddress, "metrics-key");
        var invalid = await Assert.ThrowsAsync<RpcException>(() => new SurvivalAnalysis.SurvivalAnalysisClient(keyed)
            .EstimateSurvivalAsync(new EstimateSurvivalRequest { Cohort = Cohorts.Of((-5, true)) }).ResponseAsync);
        var scrape = await ScrapeUntilAsync(http, "survival_rpc_calls_total");

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Contains("http_server_request_duration_seconds_bucket", scrape);
        Assert.Matches("survival_rpc_calls_total\\{[^}]*rpc_grpc_status_code=\"3\"[^}]*rpc_method=\"/survival.v1.SurvivalAnalysis/EstimateSurvival\"", scrape);
        Assert.Matches("survival_rpc_calls_total\\{[^}]*rpc_grpc_status_code=\"http-401\"", scrape);
        Assert.DoesNotContain(scrape.Split('\n'), l => l.StartsWith("survival_", StringComparison.Ordinal) && l.Contains("-5", StringComparison.Ordinal));
    }

    /// <summary>The exporter refreshes its scrape at most once a second or so; wait until the counter appears.</summary>
    private static async Task<string> ScrapeUntilAsync(HttpClient http, string metric)
    {
        for (var attempt = 0; ; attempt++)
        {
            var text = await http.GetStringAsync("/metrics");
            if (text.Contains(metric, StringComparison.Ordinal) || attempt == 30) return text;
            await Task.Delay(200);
        }
    }
}

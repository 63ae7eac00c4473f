using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Survival.V1;

namespace Survival.Server.Tests.Operations;

/// <summary>The Prometheus scrape of a real server process: what it shows, where it answers, and who may name its series.</summary>
public class MetricsTests
{
    private const string Key = "metrics-key";

    private static readonly Dictionary<string, string> ApiKey = new() { ["Survival__Auth__ApiKeys__0"] = Key };

    [Fact]
    public async Task Metrics_show_request_durations_and_calls_by_rpc_and_status_without_patient_data()
    {
        // Arrange
        using var server = await ServerProcess.StartAsync(ApiKey);
        var client = new SurvivalAnalysis.SurvivalAnalysisClient(server.Channel);
        using var http = Scraper(server.HttpAddress, Key);

        // Act: one call refused for its credential, one for its input.
        await Assert.ThrowsAsync<RpcException>(() => client.EstimateSurvivalAsync(new EstimateSurvivalRequest()).ResponseAsync);
        using var keyed = Client.SurvivalChannel.Create(server.GrpcAddress, Key);
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

    [Fact]
    public async Task Paths_that_name_no_method_are_counted_as_one_unknown_method()
    {
        // Arrange
        using var server = await ServerProcess.StartAsync(ApiKey);
        using var grpc = new RawGrpc(server.GrpcAddress);
        using var http = Scraper(server.HttpAddress, Key);

        // Act: 300 invented paths with a gRPC content type, no credentials.
        await Parallel.ForAsync(0, 300, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await grpc.CallAsync($"/attacker{i}.Service/Method{i}", RawGrpc.Frame([])));
        var series = (await ScrapeUntilAsync(http, "rpc_method=\"unknown\"")).Split('\n')
            .Where(l => l.StartsWith("survival_rpc_calls_total{", StringComparison.Ordinal)).ToList();

        // Assert
        Assert.DoesNotContain(series, l => l.Contains("attacker", StringComparison.Ordinal));
        Assert.Single(series, l => l.Contains("rpc_method=\"unknown\"", StringComparison.Ordinal));
        Assert.Contains("} 300", series.Single(l => l.Contains("rpc_method=\"unknown\"", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Metrics_take_the_api_credential_unless_served_on_their_own_endpoint()
    {
        // Arrange: one server as by default, one with a Kestrel endpoint named Metrics.
        var metricsPort = ServerProcess.FreePort();
        using var guarded = await ServerProcess.StartAsync(ApiKey);
        using var separate = await ServerProcess.StartAsync(new Dictionary<string, string>(ApiKey)
        {
            ["Kestrel__Endpoints__Metrics__Url"] = $"http://127.0.0.1:{metricsPort}",
        });
        using var anonymous = new HttpClient();
        using var keyed = Scraper(guarded.HttpAddress, Key);

        // Act
        var withoutKey = await anonymous.GetAsync(new Uri(guarded.HttpAddress, "/metrics"));
        var withKey = await keyed.GetAsync(new Uri(guarded.HttpAddress, "/metrics"));
        var onItsPort = await anonymous.GetAsync($"http://127.0.0.1:{metricsPort}/metrics");
        var apiOnItsPort = await anonymous.GetAsync($"http://127.0.0.1:{metricsPort}/");
        var onTheHttpPort = await keyed.GetAsync(new Uri(separate.HttpAddress, "/metrics"));

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onItsPort.StatusCode);
        Assert.Contains("survival_memory_budget_in_use_bytes", await onItsPort.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, apiOnItsPort.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, onTheHttpPort.StatusCode);
    }

    private static HttpClient Scraper(Uri address, string key) => new()
    {
        BaseAddress = address,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", key) },
    };

    /// <summary>The exporter refreshes its scrape at most once a second or so; wait until the text appears.</summary>
    private static async Task<string> ScrapeUntilAsync(HttpClient http, string text)
    {
        for (var attempt = 0; ; attempt++)
        {
            var scrape = await http.GetStringAsync("/metrics");
            if (scrape.Contains(text, StringComparison.Ordinal) || attempt == 30) return scrape;
            await Task.Delay(200);
        }
    }
}

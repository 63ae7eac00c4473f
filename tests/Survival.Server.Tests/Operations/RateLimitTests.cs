using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Survival.Client;
using Survival.V1;

namespace Survival.Server.Tests.Operations;

/// <summary>The per-caller token bucket against a real server process.</summary>
public class RateLimitTests
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Survival__Auth__ApiKeys__0"] = "first-caller",
        ["Survival__Auth__ApiKeys__1"] = "second-caller",
        // Two calls at once, then one per 100 seconds: the third call in a row is over however slow the machine.
        ["Survival__RateLimit__PermitsPerSecond"] = "0.01",
        ["Survival__RateLimit__Burst"] = "2",
    };

    [Fact]
    public async Task Over_the_burst_a_caller_gets_resource_exhausted_with_retry_info_and_others_are_not_affected()
    {
        // Arrange
        using var server = await ServerProcess.StartAsync(Settings);
        using var first = SurvivalChannel.Create(server.GrpcAddress, "first-caller");
        using var second = SurvivalChannel.Create(server.GrpcAddress, "second-caller");
        var client = new SurvivalAnalysis.SurvivalAnalysisClient(first);

        // Act
        await client.EstimateSurvivalAsync(SevenPatients());
        await client.EstimateSurvivalAsync(SevenPatients());
        var limited = await Assert.ThrowsAsync<RpcException>(() => client.EstimateSurvivalAsync(SevenPatients()).ResponseAsync);
        var other = await new SurvivalAnalysis.SurvivalAnalysisClient(second).EstimateSurvivalAsync(SevenPatients());
        var health = new Health.HealthClient(server.Channel);
        for (var i = 0; i < 5; i++) await health.CheckAsync(new HealthCheckRequest());

        // Assert
        Assert.Equal(StatusCode.ResourceExhausted, limited.StatusCode);
        var retry = limited.GetRpcStatus()?.GetDetail<RetryInfo>();
        Assert.NotNull(retry);
        Assert.InRange(retry.RetryDelay.ToTimeSpan(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(100));
        Assert.Single(other.Groups);
    }

    [Fact]
    public async Task Http_json_api_answers_429_with_retry_after()
    {
        // Arrange
        using var server = await ServerProcess.StartAsync(Settings);
        using var http = new HttpClient { BaseAddress = server.HttpAddress };

        // Act
        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/survival:estimate")
            {
                Content = new StringContent("""{"cohort": {"subjects": [{"time": 9, "event": true}, {"time": 13}]}}""", Encoding.UTF8, "application/json"),
                Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "first-caller") },
            };
            statuses.Add(await http.SendAsync(request));
        }

        // Assert
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses.Select(r => r.StatusCode));
        Assert.True(statuses[2].Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
    }

    private static EstimateSurvivalRequest SevenPatients() => new()
    {
        Cohort = Cohorts.Of((9, true), (51, false), (14, true), (8, false), (11, false), (13, false), (10, false)),
    };
}

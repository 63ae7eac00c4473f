using Grpc.Health.V1;
using Survival.V1;

namespace Survival.Server.Tests.Operations;

/// <summary>SIGTERM against a real server process with a call in flight.</summary>
public class GracefulShutdownTests
{
    [Fact]
    public async Task Sigterm_reports_not_serving_finishes_the_call_in_flight_and_exits_zero()
    {
        // Arrange: a plot large enough to be still rendering when the signal arrives.
        using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Survival__Shutdown__NotServingSeconds"] = "2",
            ["Survival__Shutdown__DrainSeconds"] = "60",
        });
        var client = new SurvivalAnalysis.SurvivalAnalysisClient(server.Channel);
        var cohort = Cohorts.Of([.. Enumerable.Range(1, 20_000).Select(i => ((double)i, i % 3 == 0))]);
        var health = new Health.HealthClient(server.Channel);

        // Act
        var inFlight = client.RenderSurvivalPlotAsync(new RenderSurvivalPlotRequest
        {
            Cohort = cohort,
            Plot = new PlotOptions { Width = 4000, Height = 4000 },
        }).ResponseAsync;
        await Task.Delay(300);
        server.Terminate();
        await Task.Delay(500);
        var draining = await health.CheckAsync(new HealthCheckRequest());
        var finished = await inFlight;
        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(90));

        // Assert
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, draining.Status);
        Assert.Equal("image/png", finished.ContentType);
        Assert.True(finished.Image.Length > 1000);
        Assert.Equal(0, exitCode);
    }
}

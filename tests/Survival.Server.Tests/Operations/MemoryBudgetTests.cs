using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Survival.Server.Operations;
using Survival.V1;

namespace Survival.Server.Tests.Operations;

/// <summary>Admission by estimated cost: the budget itself, and a real server refusing a call that could never fit.</summary>
public class MemoryBudgetTests
{
    [Fact]
    public async Task Server_refuses_a_call_larger_than_the_whole_budget_and_names_what_to_reduce()
    {
        // Arrange
        using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Survival__MemoryBudgetMiB"] = "64" });
        var client = new SurvivalAnalysis.SurvivalAnalysisClient(server.Channel);
        var cohort = Cohorts.Of((9, true), (51, false), (14, true), (8, false), (11, false), (13, false), (10, false));

        // Act
        var huge = await Assert.ThrowsAsync<RpcException>(() => client.RenderSurvivalPlotAsync(new RenderSurvivalPlotRequest
        {
            Cohort = cohort,
            Plot = new PlotOptions { Width = 8000, Height = 8000 },
        }).ResponseAsync);
        var small = await client.RenderSurvivalPlotAsync(new RenderSurvivalPlotRequest { Cohort = cohort, Plot = new PlotOptions() });

        // Assert
        Assert.Equal(StatusCode.ResourceExhausted, huge.StatusCode);
        Assert.Contains("plot width × height", huge.Status.Detail);
        Assert.Equal("image/png", small.ContentType);
    }

    [Fact]
    public async Task A_call_waits_for_room_in_arrival_order_and_gives_up_at_its_deadline()
    {
        // Arrange
        var budget = Budget(mib: 10);
        const long sixMiB = 6L << 20;
        Assert.True(await budget.TryAcquireAsync(sixMiB, CancellationToken.None));

        // Act
        using var expired = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var gaveUp = await budget.TryAcquireAsync(sixMiB, expired.Token);
        var waiting = budget.TryAcquireAsync(sixMiB, CancellationToken.None);
        var beforeRelease = waiting.IsCompleted;
        budget.Release(sixMiB);

        // Assert
        Assert.False(gaveUp);
        Assert.False(beforeRelease);
        Assert.True(await waiting);
    }

    [Fact]
    public void Cost_grows_with_each_driver_of_memory()
    {
        // Arrange
        var small = new EstimateSurvivalRequest { Cohort = Cohorts.Of((9, true), (13, false)) };
        var manyLandmarks = small.Clone();
        manyLandmarks.Options = new EstimateOptions();
        manyLandmarks.Options.LandmarkTimes.Add(Enumerable.Range(1, 1_000_000).Select(i => (double)i));
        var columns = new EstimateSurvivalRequest { Cohort = new Cohort { Columns = new SubjectColumns() } };
        columns.Cohort.Columns.Time.Add(Enumerable.Range(1, 100_000).Select(i => (double)i));
        columns.Cohort.Columns.Event.Add(Enumerable.Repeat(true, 100_000));

        // Act
        var (smallCost, landmarkCost, columnCost) = (CallCost.Of(small), CallCost.Of(manyLandmarks), CallCost.Of(columns));

        // Assert
        Assert.True(landmarkCost.Bytes > 100 * smallCost.Bytes);
        Assert.Contains("landmarks", landmarkCost.Driver);
        Assert.True(columnCost.Bytes > 10 * smallCost.Bytes);
        Assert.Contains("subjects", columnCost.Driver);
    }

    private static MemoryBudget Budget(int mib) => new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Survival:MemoryBudgetMiB"] = mib.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        .Build());
}

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
    public async Task A_stream_is_admitted_chunk_by_chunk_and_refused_once_its_cohort_could_never_fit()
    {
        // Arrange: 16 bytes per streamed subject, so 8 MiB holds about 400,000 subjects beside one chunk of 20,000.
        using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Survival__MemoryBudgetMiB"] = "8" });
        var client = new SurvivalAnalysis.SurvivalAnalysisClient(server.Channel);

        // Act
        var small = await StreamAsync(client, chunks: 3);
        var huge = await Assert.ThrowsAsync<RpcException>(() => StreamAsync(client, chunks: 40));
        var afterwards = await StreamAsync(client, chunks: 3);

        // Assert: the refused stream gave its share back.
        Assert.Equal(60_000, small.Estimates.Groups.Single().Subjects);
        Assert.Equal(StatusCode.ResourceExhausted, huge.StatusCode);
        Assert.True(huge.Status.Detail.Contains("subjects streamed so far"), huge.Status.Detail);
        Assert.Equal(60_000, afterwards.Estimates.Groups.Single().Subjects);
    }

    private static async Task<AnalyzeCohortResponse> StreamAsync(SurvivalAnalysis.SurvivalAnalysisClient client, int chunks)
    {
        using var call = client.AnalyzeCohortStream();
        try
        {
            for (var chunk = 0; chunk < chunks; chunk++)
            {
                var columns = new SubjectColumns();
                columns.Time.Add(Enumerable.Range(0, 20_000).Select(i => (double)(i % 365 + 1)));
                columns.Event.Add(Enumerable.Range(0, 20_000).Select(i => i % 3 == 0));
                await call.RequestStream.WriteAsync(new AnalyzeCohortRequest { Cohort = new Cohort { Columns = columns } });
            }
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server ended the call early; its status is the response's.
        }
        return await call.ResponseAsync;
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
    public async Task Only_one_call_that_holds_budget_waits_for_more_and_another_is_refused_at_once()
    {
        // Arrange: two calls hold 6 and 3 of 10 MiB (say, two messages still arriving).
        var budget = Budget(mib: 10);
        var (first, second) = (new BudgetHold(budget), new BudgetHold(budget));
        Assert.Equal(Admission.Admitted, await first.ResizeAsync(new CallCost(6L << 20, "first"), DateTime.MaxValue, CancellationToken.None));
        Assert.Equal(Admission.Admitted, await second.ResizeAsync(new CallCost(3L << 20, "second"), DateTime.MaxValue, CancellationToken.None));

        // Act: both need 2 MiB more, and there is one.
        var firstGrows = first.ResizeAsync(new CallCost(8L << 20, "first"), DateTime.MaxValue, CancellationToken.None);
        var secondGrows = await second.ResizeAsync(new CallCost(5L << 20, "second"), DateTime.MaxValue, CancellationToken.None);
        var firstWaited = !firstGrows.IsCompleted;
        second.Release();

        // Assert: waiting on each other, both would wait until their deadlines; the second gives its share back instead.
        Assert.True(firstWaited);
        Assert.Equal(Admission.NoRoomNow, secondGrows);
        Assert.Equal(Admission.Admitted, await firstGrows);
        Assert.Equal(8L << 20, budget.InUseBytes);
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
        columns.Cohort.Columns.Time.Add(Enumerable.Range(1, 1_000_000).Select(i => (double)i));
        columns.Cohort.Columns.Event.Add(Enumerable.Repeat(true, 1_000_000));

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

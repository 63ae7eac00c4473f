using Google.Protobuf;
using Grpc.Core;
using Survival.V1;

namespace Survival.Server.Tests.Operations;

/// <summary>
/// Admission before parsing, against the published server on real Kestrel: a request refused for its size is never
/// parsed into objects, calls wait for room in arrival order and under their deadlines, compressed requests still
/// work, and the budget is whole again afterwards (read from the budget's gauges on /metrics).
/// </summary>
public class AdmissionTests
{
    [Fact]
    public async Task A_million_subjects_that_could_never_fit_are_refused_without_being_parsed()
    {
        // Arrange: default settings; parsed, these subjects would take about 600 MB, their bytes about 20 MB.
        using var server = await ServerProcess.StartAsync();
        var bytes = MillionSubjects();
        var method = new Method<byte[], byte[]>(MethodType.Unary, "survival.v1.SurvivalAnalysis", "EstimateSurvival",
            Marshallers.Create<byte[]>(b => b, b => b), Marshallers.Create<byte[]>(b => b, b => b));
        var before = PeakResidentBytes(server.ProcessId);

        // Act
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            server.Channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(), bytes).ResponseAsync);
        var peakRise = PeakResidentBytes(server.ProcessId) - before;

        // Assert: the status names what to reduce, and the server's peak grew by far less than the parsed form.
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("more than the server's whole memory budget of 448 MiB: reduce the subjects (rows of the cohort)", refused.Status.Detail);
        Assert.InRange(peakRise, 0, 200L << 20);
        Assert.Equal(0, await InUseAsync(server, until: bytes => bytes == 0));
    }

    [Fact]
    public async Task Calls_wait_for_room_their_deadline_ends_the_wait_and_the_budget_is_whole_afterwards()
    {
        // Arrange: a 40 MiB budget; a 2000 × 2000 image takes about 24 MiB of it, so two cannot run at once. An open
        // stream whose first message asks for one holds its share until the stream ends.
        using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Survival__MemoryBudgetMiB"] = "40" });
        var client = new SurvivalAnalysis.SurvivalAnalysisClient(server.Channel);
        var image = new PlotOptions { Width = 2000, Height = 2000 };
        using var holder = new CancellationTokenSource();
        using var stream = client.AnalyzeCohortStream(cancellationToken: holder.Token);
        await stream.RequestStream.WriteAsync(new AnalyzeCohortRequest { Cohort = Cohorts.Of((9, true), (51, false)), Plot = image });
        await InUseAsync(server, until: bytes => bytes >= 23L << 20);
        RenderSurvivalPlotRequest Request() => new() { Cohort = Cohorts.Of((9, true), (51, false), (14, true)), Plot = image };

        // Act
        var late = await Assert.ThrowsAsync<RpcException>(() => client.RenderSurvivalPlotAsync(Request(), deadline: DateTime.UtcNow.AddSeconds(1)).ResponseAsync);
        var waiting = client.RenderSurvivalPlotAsync(Request()).ResponseAsync;
        var waitingBeforeRoom = waiting.IsCompleted;
        await holder.CancelAsync();
        var admitted = await waiting;

        // Assert
        Assert.Contains(late.StatusCode, new[] { StatusCode.ResourceExhausted, StatusCode.DeadlineExceeded });
        Assert.False(waitingBeforeRoom);
        Assert.Equal(2000, admitted.Width);
        Assert.Equal(0, await InUseAsync(server, until: bytes => bytes == 0));
        Assert.Equal(StatusCode.Cancelled, (await Assert.ThrowsAsync<RpcException>(() => stream.ResponseAsync)).StatusCode);
    }

    [Fact]
    public async Task Waiting_calls_are_admitted_in_arrival_order()
    {
        // Arrange: an open stream holds about 24 of 40 MiB for its image.
        using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Survival__MemoryBudgetMiB"] = "40" });
        var client = new SurvivalAnalysis.SurvivalAnalysisClient(server.Channel);
        var image = new PlotOptions { Width = 2000, Height = 2000 };
        var cohort = Cohorts.Of((9, true), (51, false), (14, true));
        using var holder = new CancellationTokenSource();
        using var stream = client.AnalyzeCohortStream(cancellationToken: holder.Token);
        await stream.RequestStream.WriteAsync(new AnalyzeCohortRequest { Cohort = cohort, Plot = image });
        await InUseAsync(server, until: bytes => bytes >= 23L << 20);

        // Act: a second image must wait; a small estimate, for which there is room, queues behind it.
        var plot = client.RenderSurvivalPlotAsync(new RenderSurvivalPlotRequest { Cohort = cohort, Plot = image }).ResponseAsync;
        await GaugeAsync(server, "survival_memory_budget_waiting", until: calls => calls >= 1);
        var estimate = client.EstimateSurvivalAsync(new EstimateSurvivalRequest { Cohort = cohort }).ResponseAsync;
        var queued = await GaugeAsync(server, "survival_memory_budget_waiting", until: calls => calls >= 2);
        await holder.CancelAsync();

        // Assert
        Assert.Equal(2, queued);
        Assert.Equal(2000, (await plot).Width);
        Assert.Equal(3, (await estimate).Groups.Single().Subjects);
        Assert.Equal(0, await InUseAsync(server, until: bytes => bytes == 0));
    }

    [Fact]
    public async Task A_compressed_request_is_inflated_admitted_and_answered()
    {
        // Arrange: the middleware inflates it, then scans and admits it as any other, before it is parsed.
        using var server = await ServerProcess.StartAsync();
        var client = new SurvivalAnalysis.SurvivalAnalysisClient(server.Channel);
        var gzip = new Metadata { { "grpc-internal-encoding-request", "gzip" } };

        // Act
        var response = await client.EstimateSurvivalAsync(new EstimateSurvivalRequest { Cohort = Cohorts.Of((9, true), (51, false), (14, true)) }, gzip);

        // Assert
        Assert.Equal(3, response.Groups.Single().Subjects);
        Assert.Equal(0, await InUseAsync(server, until: bytes => bytes == 0));
    }

    /// <summary>The budget in use once <paramref name="until"/> holds (the scrape refreshes within a second).</summary>
    public static Task<long> InUseAsync(ServerProcess server, Func<long, bool> until) => GaugeAsync(server, "survival_memory_budget_in_use_bytes", until);

    private static async Task<long> GaugeAsync(ServerProcess server, string gauge, Func<long, bool> until)
    {
        using var http = new HttpClient { BaseAddress = server.HttpAddress };
        for (var attempt = 0; ; attempt++)
        {
            var line = (await http.GetStringAsync("/metrics")).Split('\n').Single(l => l.StartsWith(gauge + "{", StringComparison.Ordinal));
            var bytes = long.Parse(line.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);
            if (until(bytes) || attempt == 100) return bytes;
            await Task.Delay(200);
        }
    }

    private static byte[] MillionSubjects()
    {
        var cohort = new Cohort();
        for (var i = 0; i < 1_000_000; i++) cohort.Subjects.Add(new Subject { Time = i % 1000 + 0.5, Event = i % 3 > 0, Group = $"g{i % 2}" });
        return new EstimateSurvivalRequest { Cohort = cohort }.ToByteArray();
    }

    private static long PeakResidentBytes(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))[6..^2].Trim(),
            System.Globalization.CultureInfo.InvariantCulture) * 1024;
}

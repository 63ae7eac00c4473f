using System.Diagnostics;
using System.IO.Compression;
using Google.Protobuf;
using Grpc.Core;
using Survival.V1;

namespace Survival.Server.Tests.Operations;

/// <summary>
/// Admission as the bytes arrive, against the published server: a caller that trickles a huge message holds only what
/// it sent and is ended with a status while normal calls go on; compressed messages are inflated within the limit and
/// the ratio before anything is parsed; a stream's compressed messages still work.
/// </summary>
public class ArrivalTests
{
    private const string Estimate = "/survival.v1.SurvivalAnalysis/EstimateSurvival";

    [Fact]
    public async Task A_caller_trickling_a_huge_message_holds_only_what_it_sent_and_is_ended_while_normal_calls_go_on()
    {
        // Arrange: a 2-second window so the test is short; the message declares 234 MB and comes at 300 bytes a second.
        using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Survival__Admission__RateWindowSeconds"] = "2" });
        using var grpc = new RawGrpc(server.GrpcAddress);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var client = new SurvivalAnalysis.SurvivalAnalysisClient(server.Channel);
        var hog = grpc.CallAsync(Estimate, new TrickleContent(RawGrpc.Frame(new byte[64], declaredLength: 234_000_000), 300, giveUp.Token));

        // Act: normal calls while it trickles, and the budget it holds.
        var inUse = await AdmissionTests.InUseAsync(server, until: bytes => bytes > 0);
        var latencies = new List<TimeSpan>();
        while (!hog.IsCompleted)
        {
            var clock = Stopwatch.StartNew();
            var response = await client.EstimateSurvivalAsync(SevenPatients(), deadline: DateTime.UtcNow.AddSeconds(10));
            latencies.Add(clock.Elapsed);
            Assert.Equal(14, response.Groups.Single().Median.Time);
            await Task.Delay(100);
        }
        var ended = await hog;

        // Assert: the share of a few bytes and two allowances (1 MiB each), not of 234 MB.
        Assert.InRange(inUse, 1, 8L << 20);
        Assert.Equal(StatusCode.DeadlineExceeded, ended.Status);
        Assert.Contains("Survival:Admission:MinBytesPerSecond", ended.Message);
        Assert.NotEmpty(latencies);
        Assert.All(latencies, latency => Assert.True(latency < TimeSpan.FromSeconds(2), $"a normal call took {latency}"));
        Assert.Equal(0, await AdmissionTests.InUseAsync(server, until: bytes => bytes == 0));
    }

    [Fact]
    public async Task Compressed_messages_are_inflated_within_the_limit_and_the_ratio_and_refused_beyond_them()
    {
        // Arrange: an 8 MiB message limit; a 100 MB run of zeros (gzip makes it about 100 KB) and 2 MB of them (2 KB).
        using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Survival__MaxReceiveMessageBytes"] = "8388608" });
        using var grpc = new RawGrpc(server.GrpcAddress);
        var before = PeakResidentBytes(server.ProcessId);
        var client = new SurvivalAnalysis.SurvivalAnalysisClient(server.Channel);
        var gzip = new Metadata { { "grpc-internal-encoding-request", "gzip" } };

        // Act
        var pastLimit = await grpc.CallAsync(Estimate, RawGrpc.Frame(Gzip(new byte[100_000_000]), compressed: true), encoding: "gzip");
        var pastRatio = await grpc.CallAsync(Estimate, RawGrpc.Frame(Gzip(new byte[2_000_000]), compressed: true), encoding: "gzip");
        var unknown = await grpc.CallAsync(Estimate, RawGrpc.Frame(Gzip(SevenPatients().ToByteArray()), compressed: true), encoding: "br");
        var answered = await client.EstimateSurvivalAsync(SevenPatients(), gzip);
        var longText = SevenPatients();
        longText.Cohort.TimeUnit = new string('d', 5000);
        var refusedText = await Assert.ThrowsAsync<RpcException>(() => client.EstimateSurvivalAsync(longText, gzip).ResponseAsync);
        var streamed = await StreamCompressedAsync(client, gzip);

        // Assert: refused from what was inflated so far, never the whole 100 MB.
        Assert.Equal(StatusCode.ResourceExhausted, pastLimit.Status);
        Assert.Contains("inflates to more than the limit of 8388608 bytes", pastLimit.Message);
        Assert.Equal(StatusCode.ResourceExhausted, pastRatio.Status);
        Assert.Contains("Survival:Admission:MaxCompressionRatio", pastRatio.Message);
        Assert.Equal(StatusCode.Unimplemented, unknown.Status);
        Assert.Contains("gzip", unknown.AcceptEncoding);
        Assert.InRange(PeakResidentBytes(server.ProcessId) - before, 0, 64L << 20);
        Assert.Equal(14, answered.Groups.Single().Median.Time);
        Assert.Equal(StatusCode.InvalidArgument, refusedText.StatusCode);
        Assert.Contains("cohort.time_unit", refusedText.Status.Detail);
        Assert.Equal(7, streamed.Estimates.Groups.Single().Subjects);
        Assert.Equal(0, await AdmissionTests.InUseAsync(server, until: bytes => bytes == 0));
    }

    private static async Task<AnalyzeCohortResponse> StreamCompressedAsync(SurvivalAnalysis.SurvivalAnalysisClient client, Metadata gzip)
    {
        using var call = client.AnalyzeCohortStream(gzip);
        await call.RequestStream.WriteAsync(new AnalyzeCohortRequest { Cohort = Cohorts.Of((9, true), (51, false), (14, true)) });
        await call.RequestStream.WriteAsync(new AnalyzeCohortRequest { Cohort = Cohorts.Of((8, false), (11, false), (13, false), (10, false)) });
        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }

    private static EstimateSurvivalRequest SevenPatients() => new()
    {
        Cohort = Cohorts.Of((9, true), (51, false), (14, true), (8, false), (11, false), (13, false), (10, false)),
    };

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize)) gzip.Write(data);
        return output.ToArray();
    }

    private static long PeakResidentBytes(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))[6..^2].Trim(),
            System.Globalization.CultureInfo.InvariantCulture) * 1024;
}

using System.IO.Compression;
using Grpc.Core;
using Grpc.Health.V1;
using Google.Protobuf;

namespace Survival.Server.Tests.Operations;

/// <summary>
/// Health (and reflection where open) before authentication, against a real server with an API key: a decompression
/// bomb, an oversized message, a caller that sends nothing and a crowd of idle watches all cost almost nothing and
/// end with a status, while the probe's own call keeps working.
/// </summary>
public class OpenServicesTests
{
    private const string Check = "/grpc.health.v1.Health/Check";

    [Fact]
    public async Task A_compressed_health_check_is_refused_before_its_bytes_are_read_and_costs_no_memory()
    {
        // Arrange: six checks whose 243 KB gzip message inflates to 250 MB, sent at once without credentials.
        using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Survival__Auth__ApiKeys__0"] = "k" });
        using var grpc = new RawGrpc(server.GrpcAddress);
        var bomb = RawGrpc.Frame(Gzip(new byte[250_000_000]), compressed: true);
        var before = PeakResidentBytes(server.ProcessId);

        // Act
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => grpc.CallAsync(Check, bomb, encoding: "gzip")));
        var health = await new Health.HealthClient(server.Channel).CheckAsync(new HealthCheckRequest());

        // Assert
        Assert.All(outcomes, o => Assert.Equal(StatusCode.Unimplemented, o.Status));
        Assert.All(outcomes, o => Assert.Equal("identity", o.AcceptEncoding));
        Assert.InRange(PeakResidentBytes(server.ProcessId) - before, 0, 32L << 20);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task An_oversized_or_silent_or_slow_health_check_ends_with_a_status()
    {
        // Arrange
        using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Survival__OpenServices__MaxMessageBytes"] = "1024",
            ["Survival__OpenServices__IdleSeconds"] = "1",
        });
        using var grpc = new RawGrpc(server.GrpcAddress);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // Act: a 10 KB message; a call that sends no message at all; one that declares 1,000 bytes and sends 10 a second;
        // and a flag saying "compressed" without the header that would name the encoding.
        var oversized = await grpc.CallAsync(Check, RawGrpc.Frame(new byte[10_000]));
        var silent = await grpc.CallAsync(Check, new TrickleContent([], 0, stop.Token));
        var slow = await grpc.CallAsync(Check, new TrickleContent(RawGrpc.Frame([], declaredLength: 1000), 10, stop.Token));
        var flagged = await grpc.CallAsync(Check, RawGrpc.Frame(new HealthCheckRequest().ToByteArray(), compressed: true));

        // Assert
        Assert.Equal(StatusCode.ResourceExhausted, oversized.Status);
        Assert.Contains("Survival:OpenServices:MaxMessageBytes", oversized.Message);
        Assert.Equal(StatusCode.DeadlineExceeded, silent.Status);
        Assert.Contains("Survival:OpenServices:IdleSeconds", silent.Message);
        Assert.Equal(StatusCode.DeadlineExceeded, slow.Status);
        Assert.Equal(StatusCode.Unimplemented, flagged.Status);
    }

    [Fact]
    public async Task Open_streams_are_bounded_and_the_next_is_refused_with_a_status()
    {
        // Arrange
        using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Survival__OpenServices__MaxStreams"] = "3" });
        var health = new Health.HealthClient(server.Channel);
        using var leave = new CancellationTokenSource();
        var watches = Enumerable.Range(0, 3).Select(_ => health.Watch(new HealthCheckRequest(), cancellationToken: leave.Token)).ToList();
        foreach (var watch in watches) Assert.True(await watch.ResponseStream.MoveNext());

        // Act
        using var fourth = health.Watch(new HealthCheckRequest());
        var refused = await Assert.ThrowsAsync<RpcException>(() => fourth.ResponseStream.MoveNext());
        await leave.CancelAsync();
        foreach (var watch in watches) watch.Dispose();
        var afterwards = await WatchOnceAsync(health);

        // Assert
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("Survival:OpenServices:MaxStreams", refused.Status.Detail);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, afterwards);
    }

    /// <summary>A watch's first answer, once the watches before it have gone (their slots come back as they end).</summary>
    private static async Task<HealthCheckResponse.Types.ServingStatus> WatchOnceAsync(Health.HealthClient health)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var watch = health.Watch(new HealthCheckRequest());
                Assert.True(await watch.ResponseStream.MoveNext());
                return watch.ResponseStream.Current.Status;
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.ResourceExhausted && attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

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

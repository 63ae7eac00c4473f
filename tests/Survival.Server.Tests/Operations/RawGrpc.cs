using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;

namespace Survival.Server.Tests.Operations;

/// <summary>
/// gRPC calls as plain HTTP/2 requests (cleartext, prior knowledge), for what a generated client never sends: any
/// framing, a compression flag over bytes chosen by the test, a body sent at any pace. The outcome is the status the
/// server ended the call with, from its trailers or a trailers-only response.
/// </summary>
public sealed class RawGrpc(Uri address) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
    {
        BaseAddress = address,
        Timeout = TimeSpan.FromMinutes(2),
    };

    public async Task<RawOutcome> CallAsync(string path, byte[] body, string? apiKey = null, string? encoding = null) =>
        await CallAsync(path, new ByteArrayContent(body), apiKey, encoding);

    public async Task<RawOutcome> CallAsync(string path, HttpContent body, string? apiKey = null, string? encoding = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = body,
        };
        body.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (apiKey is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        if (encoding is not null) request.Headers.TryAddWithoutValidation("grpc-encoding", encoding);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await response.Content.CopyToAsync(Stream.Null);
        string? Header(string name) =>
            (response.TrailingHeaders.TryGetValues(name, out var t) ? t : response.Headers.TryGetValues(name, out var h) ? h : null)?.FirstOrDefault();
        return new RawOutcome(
            Header("grpc-status") is { } status ? (Grpc.Core.StatusCode)int.Parse(status) : null,
            Uri.UnescapeDataString(Header("grpc-message") ?? ""),
            Header("grpc-accept-encoding"),
            (int)response.StatusCode);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>One gRPC message frame: the compression flag, the big-endian length (or one declared), the bytes.</summary>
    public static byte[] Frame(byte[] message, bool compressed = false, uint? declaredLength = null)
    {
        var frame = new byte[5 + message.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), declaredLength ?? (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }
}

/// <summary>How a raw call ended: its gRPC status (null if none was sent), message, accepted encodings and HTTP status.</summary>
public sealed record RawOutcome(Grpc.Core.StatusCode? Status, string Message, string? AcceptEncoding, int HttpStatus);

/// <summary>A request body sent at a chosen pace: a head at once, then a few bytes every 100 ms (or none) until cancelled.</summary>
public sealed class TrickleContent(byte[] head, int bytesPerSecond, CancellationToken stop) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(head, stop);
        await stream.FlushAsync(stop);
        if (bytesPerSecond == 0)
        {
            await Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }
        var chunk = new byte[Math.Max(1, bytesPerSecond / 10)];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(100, stop);
                await stream.WriteAsync(chunk, stop);
                await stream.FlushAsync(stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}

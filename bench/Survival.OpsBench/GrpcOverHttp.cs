using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Survival.OpsBench;

/// <summary>
/// gRPC calls as raw HTTP/2 requests (cleartext, prior knowledge): whatever framing, compression flag or pace a
/// caller chooses, and the status the server ends the call with, from its trailers or a trailers-only response.
/// </summary>
internal sealed class GrpcOverHttp(Uri address) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
    {
        BaseAddress = address,
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task<CallOutcome> CallAsync(string path, HttpContent body, string? apiKey = null, string? encoding = null, CancellationToken cancellationToken = default)
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
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            await response.Content.CopyToAsync(Stream.Null, cancellationToken);
            var status = Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status") ?? $"http-{(int)response.StatusCode}";
            var message = Header(response.TrailingHeaders, "grpc-message") ?? Header(response.Headers, "grpc-message") ?? "";
            return new CallOutcome(status, Uri.UnescapeDataString(message), clock.Elapsed);
        }
        catch (HttpRequestException exception)
        {
            return new CallOutcome("transport error", exception.InnerException?.Message ?? exception.Message, clock.Elapsed);
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>One gRPC message frame: the compression flag, the big-endian length, the bytes.</summary>
    public static byte[] Frame(byte[] message, bool compressed = false, uint? declaredLength = null)
    {
        var frame = new byte[5 + message.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), declaredLength ?? (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    private static string? Header(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

/// <summary>How a call ended: its gRPC status (or HTTP status, or transport error), message and duration.</summary>
internal readonly record struct CallOutcome(string Status, string Message, TimeSpan Elapsed)
{
    public override string ToString() => $"{StatusName(Status)}{(Message.Length > 0 ? $" ({Message[..Math.Min(Message.Length, 140)]})" : "")}";

    private static string StatusName(string status) => int.TryParse(status, out var code) && code is >= 0 and <= 16
        ? ((Grpc.Core.StatusCode)code).ToString()
        : status;
}

/// <summary>A request body sent at a chosen pace: a head at once, then a few bytes a second until cancelled.</summary>
internal sealed class TrickleContent(byte[] head, int bytesPerSecond, CancellationToken stop) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(head, stop);
        await stream.FlushAsync(stop);
        var chunk = new byte[Math.Max(1, bytesPerSecond / 10)];
        // Bytes of a Subject-shaped field so the message stays well-formed as far as it goes: field 15, length-delimited.
        chunk.AsSpan().Fill(0x7A);
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

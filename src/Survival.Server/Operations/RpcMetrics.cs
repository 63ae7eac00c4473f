using System.Diagnostics.Metrics;

namespace Survival.Server.Operations;

/// <summary>
/// Counts calls by RPC and final gRPC status (<c>survival.rpc.calls</c>), read after the response so refusals by
/// authentication, limits and malformed bytes count too. HTTP/JSON calls count by their HTTP status. Labels come from
/// a closed set: a method is named only when the request reached a mapped gRPC method or JSON route, anything else is
/// <c>unknown</c>, so a caller cannot make series of its own (3,000 invented paths are one series, not 3,000).
/// </summary>
public sealed class RpcMetrics : IDisposable
{
    public const string MeterName = "Survival.Server";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _calls;

    public RpcMetrics() => _calls = _meter.CreateCounter<long>("survival.rpc.calls", description: "calls by RPC and status");

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        await next(context);
        var grpc = context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;
        if (!grpc && !context.Request.Path.StartsWithSegments("/v1")) return;
        var method = grpc ? GrpcMethod(context) : JsonRoute(context);
        var status = grpc ? GrpcStatus(context) : context.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _calls.Add(1, new KeyValuePair<string, object?>("rpc.method", method),
            new KeyValuePair<string, object?>(grpc ? "rpc.grpc.status_code" : "http.response.status_code", status));
    }

    public void Dispose() => _meter.Dispose();

    private const string Unknown = "unknown";

    /// <summary>The gRPC method the request reached (grpc-dotnet's catch-all for unknown methods names none).</summary>
    private static string GrpcMethod(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<Grpc.AspNetCore.Server.GrpcMethodMetadata>()?.Method.FullName is { } method
        && method == context.Request.Path.Value
            ? method
            : Unknown;

    private static string JsonRoute(HttpContext context) =>
        context.GetEndpoint() is { } endpoint && endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Grpc.JsonTranscoding.GrpcJsonTranscodingMetadata>() is not null
            ? endpoint.DisplayName ?? Unknown
            : Unknown;

    private const string CancelledStatus = "1";
    private const string UnknownStatus = "2";

    private static string GrpcStatus(HttpContext context)
    {
        var status = WrittenStatus(context);
        // A caller that went away mid-call (a reset stream or connection) cancelled it; grpc-dotnet records its failed
        // read as UNKNOWN, in trailers nobody receives.
        return context.RequestAborted.IsCancellationRequested && status is UnknownStatus or "http-200" ? CancelledStatus : status;
    }

    private static string WrittenStatus(HttpContext context)
    {
        var trailers = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseTrailersFeature>()?.Trailers;
        if (trailers is not null && trailers.TryGetValue("grpc-status", out var status)) return status.ToString();
        // Trailers-only responses (and HTTP-level refusals such as 401) carry the status in the headers or not at all.
        return context.Response.Headers.TryGetValue("grpc-status", out status) ? status.ToString() : $"http-{context.Response.StatusCode}";
    }
}

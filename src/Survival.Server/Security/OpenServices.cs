using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Survival.Server.Operations;

namespace Survival.Server.Security;

/// <summary>
/// The gRPC services a caller may reach without credentials — health, which the probes use, and reflection where the
/// operator leaves it open — cost almost nothing before authentication:
/// <list type="bullet">
/// <item>a compressed request is refused UNIMPLEMENTED from its <c>grpc-encoding</c> header, before any byte of it is read;</item>
/// <item>each request message may be at most <c>Survival:OpenServices:MaxMessageBytes</c> (default 4096; a health check
/// or reflection request is a few dozen bytes), refused RESOURCE_EXHAUSTED from its 5-byte prefix;</item>
/// <item>a call that sends no message for <c>Survival:OpenServices:IdleSeconds</c> (default 30), or whose begun message
/// is not whole within 10 seconds, ends DEADLINE_EXCEEDED;</item>
/// <item>at most <c>Survival:OpenServices:MaxStreams</c> (default 100) streaming calls (health watches, reflection
/// streams) are open at once; more are refused RESOURCE_EXHAUSTED.</item>
/// </list>
/// HTTP/2 streams per connection are Kestrel's <c>Kestrel:Limits:Http2:MaxStreamsPerConnection</c> (default 100).
/// </summary>
public sealed class OpenServices(RequestDelegate next, IConfiguration configuration)
{
    private static readonly TimeSpan MessageWindow = TimeSpan.FromSeconds(10);

    private readonly FramePolicy _policy = Policy(Math.Max(64, configuration.GetValue("Survival:OpenServices:MaxMessageBytes", 4096)),
        TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Survival:OpenServices:IdleSeconds", 30.0))));

    private readonly int _maxStreams = Math.Max(1, configuration.GetValue("Survival:OpenServices:MaxStreams", 100));
    private int _openStreams;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method is not { } method || !IsOpen(method.ServiceName)
            || !GrpcCalls.IsGrpc(context.Request))
        {
            await next(context);
            return;
        }
        var encoding = context.Request.Headers["grpc-encoding"].ToString();
        if (encoding.Length > 0 && encoding != "identity")
        {
            context.Response.Headers["grpc-accept-encoding"] = "identity";
            GrpcCalls.RefuseTrailersOnly(context, Refusals.CompressionRefused());
            return;
        }
        var streaming = method.Type != MethodType.Unary;
        if (streaming && Interlocked.Increment(ref _openStreams) > _maxStreams)
        {
            Interlocked.Decrement(ref _openStreams);
            GrpcCalls.RefuseTrailersOnly(context, new Google.Rpc.Status
            {
                Code = (int)StatusCode.ResourceExhausted,
                Message = $"{_maxStreams} health watches and reflection streams are open already (Survival:OpenServices:MaxStreams): retry later",
            });
            return;
        }
        try
        {
            // Kestrel's own minimum rate would close the whole HTTP/2 connection, every call on it, without a status.
            if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate) rate.MinDataRate = null;
            using var body = new ArrivingBody(context.Request.BodyReader, _policy);
            context.Features.Set<IRequestBodyPipeFeature>(body);
            await next(context);
        }
        finally
        {
            if (streaming) Interlocked.Decrement(ref _openStreams);
        }
    }

    /// <summary>A begun message must be whole within <see cref="MessageWindow"/>: the rate that brings the largest one in that time.</summary>
    private static FramePolicy Policy(int maxMessageBytes, TimeSpan idle) => new(
        maxMessageBytes, "Survival:OpenServices:MaxMessageBytes", CompressedAccepted: false,
        MinBytesPerSecond: maxMessageBytes / MessageWindow.TotalSeconds, MessageWindow, idle);

    private static bool IsOpen(string service) =>
        service == "grpc.health.v1.Health" || service.StartsWith("grpc.reflection.", StringComparison.Ordinal);
}

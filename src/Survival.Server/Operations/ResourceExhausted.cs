using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Survival.Server.Operations;

/// <summary>RESOURCE_EXHAUSTED errors: gRPC clients retry these by RetryInfo; JSON transcoding answers HTTP 429.</summary>
public static class ResourceExhausted
{
    public static RpcException WithRetryAfter(ServerCallContext context, TimeSpan delay, string message)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds));
        // For the HTTP/JSON API; a gRPC client reads the RetryInfo detail instead.
        context.GetHttpContext().Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.ResourceExhausted,
            Message = message,
            Details = { Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds)) }) },
        };
        return status.ToRpcException();
    }

    public static RpcException Because(string message) =>
        new Google.Rpc.Status { Code = (int)Code.ResourceExhausted, Message = message }.ToRpcException();
}

using System.Globalization;
using Google.Protobuf;
using Grpc.Core;

namespace Survival.Server.Operations;

/// <summary>What the middleware in front of grpc-dotnet reads from a gRPC call and how it answers one it refuses.</summary>
public static class GrpcCalls
{
    public static bool IsGrpc(HttpRequest request) => request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;

    /// <summary>A gRPC response of headers only, carrying the status as grpc-dotnet writes an error before any message.</summary>
    public static void RefuseTrailersOnly(HttpContext context, Google.Rpc.Status status)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = status.Code.ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(status.Message);
        response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray());
    }

    /// <summary>The rich status a refusal carries (its details), or one made of its code and message.</summary>
    public static Google.Rpc.Status StatusOf(RpcException exception) =>
        exception.GetRpcStatus() ?? new Google.Rpc.Status { Code = (int)exception.StatusCode, Message = exception.Status.Detail };

    /// <summary>The call's deadline from its <c>grpc-timeout</c> header (digits and a unit, H M S m u n); none if absent or unreadable.</summary>
    public static DateTime Deadline(HttpRequest request)
    {
        var timeout = request.Headers["grpc-timeout"].ToString();
        if (timeout.Length < 2 || !long.TryParse(timeout.AsSpan(0, timeout.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            return DateTime.MaxValue;
        double? seconds = timeout[^1] switch
        {
            'H' => value * 3600.0,
            'M' => value * 60.0,
            'S' => value,
            'm' => value / 1e3,
            'u' => value / 1e6,
            'n' => value / 1e9,
            _ => null,
        };
        // Beyond a day the budget's own longest wait decides.
        return seconds is { } s and < 86_400 ? DateTime.UtcNow.AddSeconds(s) : DateTime.MaxValue;
    }
}

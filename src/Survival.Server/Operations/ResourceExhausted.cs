using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Survival.Server.Operations;

/// <summary>RESOURCE_EXHAUSTED errors: gRPC clients retry these by RetryInfo; JSON transcoding answers HTTP 429.</summary>
public static class ResourceExhausted
{
    /// <summary>Why the memory budget refused a call of <paramref name="cost"/>, naming what to reduce.</summary>
    public static Google.Rpc.Status OfBudget(Admission admission, CallCost cost, long budgetBytes, HttpContext http) => admission == Admission.NeverFits
        ? new Google.Rpc.Status
        {
            Code = (int)Code.ResourceExhausted,
            Message = $"the call needs about {MiB(cost.Bytes)} MiB, more than the server's whole memory budget of "
                + $"{MiB(budgetBytes)} MiB: reduce the {cost.Driver}, or split the call",
        }
        : RetryLater(http, TimeSpan.FromSeconds(1), $"the server's memory budget is in use by other calls: retry later, or reduce the {cost.Driver}");

    /// <summary>A refusal to retry after <paramref name="delay"/>: RetryInfo for gRPC clients, Retry-After for HTTP.</summary>
    public static Google.Rpc.Status RetryLater(HttpContext? http, TimeSpan delay, string message)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds));
        // For the HTTP/JSON API; a gRPC client reads the RetryInfo detail instead.
        if (http is { Response.HasStarted: false }) http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new Google.Rpc.Status
        {
            Code = (int)Code.ResourceExhausted,
            Message = message,
            Details = { Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds)) }) },
        };
    }

    private static long MiB(long bytes) => (bytes + (1L << 20) - 1) >> 20;
}

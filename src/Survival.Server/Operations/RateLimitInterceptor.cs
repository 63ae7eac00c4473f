using System.Threading.RateLimiting;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Survival.Server.Operations;

/// <summary>
/// A token bucket per caller (<see cref="CallerIdentity"/>): <c>Survival:RateLimit:PermitsPerSecond</c> refill (may be fractional) and
/// <c>Survival:RateLimit:Burst</c> capacity (default: one second's permits); 0 permits (the default) turns it off.
/// A call over the limit gets RESOURCE_EXHAUSTED with google.rpc.RetryInfo, never an HTTP 429 that gRPC clients
/// would read as UNAVAILABLE; the HTTP/JSON API answers 429 with Retry-After.
/// </summary>
public sealed class RateLimitInterceptor : Interceptor, IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;

    public RateLimitInterceptor(IConfiguration configuration)
    {
        var permits = configuration.GetValue("Survival:RateLimit:PermitsPerSecond", 0.0);
        if (permits <= 0) return;
        var burst = Math.Max(1, configuration.GetValue("Survival:RateLimit:Burst", (int)Math.Ceiling(permits)));
        // A rate below one a second refills one permit per 1/rate seconds.
        var (tokens, period) = permits >= 1 ? ((int)permits, TimeSpan.FromSeconds(1)) : (1, TimeSpan.FromSeconds(1 / permits));
        _limiter = PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetTokenBucketLimiter(caller, _ =>
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = tokens,
                ReplenishmentPeriod = period,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        AdmitCall(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        AdmitCall(context);
        return continuation(requestStream, context);
    }

    public void Dispose() => _limiter?.Dispose();

    /// <summary>
    /// Takes the call's permit: null when it has one, else the refusal. Once per call — the admission middleware asks
    /// first for gRPC calls, so a caller over its limit is refused before its request is buffered or parsed; the
    /// interceptor asks for the others (HTTP/JSON, streams).
    /// </summary>
    public Google.Rpc.Status? Admit(HttpContext http)
    {
        if (_limiter is null || !http.Items.TryAdd(Permitted, null)) return null;
        using var lease = _limiter.AttemptAcquire(CallerIdentity.Of(http));
        if (lease.IsAcquired) return null;
        var delay = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        return ResourceExhausted.RetryLater(http, delay, "rate limit of this caller exceeded: retry after the delay in RetryInfo");
    }

    private static readonly object Permitted = new();

    private void AdmitCall(ServerCallContext context)
    {
        if (SurvivalMethods.Includes(context.Method) && Admit(context.GetHttpContext()) is { } refusal) throw refusal.ToRpcException();
    }
}

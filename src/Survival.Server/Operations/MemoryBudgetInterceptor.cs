using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Survival.Server.Operations;

/// <summary>
/// Runs a call only when its <see cref="CallCost"/> fits the <see cref="MemoryBudget"/>; RESOURCE_EXHAUSTED, naming
/// what to reduce, when it never could or when the room does not come before its deadline.
/// </summary>
public sealed class MemoryBudgetInterceptor(MemoryBudget budget) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!SurvivalMethods.Includes(context.Method) || request is not IMessage message) return await continuation(request, context);
        var cost = CallCost.Of(message);
        if (cost.Bytes > budget.TotalBytes)
            throw ResourceExhausted.Because(
                $"the call needs about {MiB(cost.Bytes)} MiB, more than the server's whole memory budget of {MiB(budget.TotalBytes)} MiB: "
                + $"reduce the {cost.Driver}, or split the call");

        var wait = context.Deadline - DateTime.UtcNow;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        timeout.CancelAfter(wait < budget.MaxWait ? (wait < TimeSpan.Zero ? TimeSpan.Zero : wait) : budget.MaxWait);
        if (!await budget.TryAcquireAsync(cost.Bytes, timeout.Token))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            throw ResourceExhausted.WithRetryAfter(context, TimeSpan.FromSeconds(1),
                $"the server's memory budget is in use by other calls: retry later, or reduce the {cost.Driver}");
        }
        try
        {
            return await continuation(request, context);
        }
        finally
        {
            budget.Release(cost.Bytes);
        }
    }

    private static long MiB(long bytes) => (bytes + (1L << 20) - 1) >> 20;
}

using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Survival.V1;

namespace Survival.Server.Operations;

/// <summary>
/// Runs a call only when its <see cref="CallCost"/> fits the <see cref="MemoryBudget"/>; RESOURCE_EXHAUSTED, naming
/// what to reduce, when it never could or when the room does not come before its deadline. A client stream is
/// admitted message by message (<see cref="BudgetedStream"/>), as its cohort grows.
/// </summary>
public sealed class MemoryBudgetInterceptor(MemoryBudget budget) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!SurvivalMethods.Includes(context.Method) || request is not IMessage message) return await continuation(request, context);
        var cost = CallCost.Of(message);
        await AcquireAsync(cost, context);
        try
        {
            return await continuation(request, context);
        }
        finally
        {
            budget.Release(cost.Bytes);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!SurvivalMethods.Includes(context.Method) || requestStream is not IAsyncStreamReader<AnalyzeCohortRequest> chunks)
            return await continuation(requestStream, context);
        var stream = new BudgetedStream(chunks, this, context);
        try
        {
            return await continuation((IAsyncStreamReader<TRequest>)(object)stream, context);
        }
        finally
        {
            budget.Release(stream.Held);
        }
    }

    /// <summary>Waits for room for <paramref name="cost"/> as long as the call's deadline and the budget's wait allow.</summary>
    private async Task AcquireAsync(CallCost cost, ServerCallContext context, long alreadyHeld = 0)
    {
        if (alreadyHeld + cost.Bytes > budget.TotalBytes)
            throw ResourceExhausted.Because(
                $"the call needs about {MiB(alreadyHeld + cost.Bytes)} MiB, more than the server's whole memory budget of "
                + $"{MiB(budget.TotalBytes)} MiB: reduce the {cost.Driver}, or split the call");

        var wait = context.Deadline - DateTime.UtcNow;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        timeout.CancelAfter(wait < budget.MaxWait ? (wait < TimeSpan.Zero ? TimeSpan.Zero : wait) : budget.MaxWait);
        if (!await budget.TryAcquireAsync(cost.Bytes, timeout.Token))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            throw ResourceExhausted.WithRetryAfter(context, TimeSpan.FromSeconds(1),
                $"the server's memory budget is in use by other calls: retry later, or reduce the {cost.Driver}");
        }
    }

    private void Release(long bytes) => budget.Release(bytes);

    private static long MiB(long bytes) => (bytes + (1L << 20) - 1) >> 20;

    /// <summary>
    /// The messages of an AnalyzeCohortStream call, each admitted before the service reads it: the stream holds what
    /// its cohort so far costs (<see cref="CallCost.OfStream"/>), taking more as chunks arrive and releasing a chunk's
    /// own share once the service moves past it.
    /// </summary>
    private sealed class BudgetedStream(IAsyncStreamReader<AnalyzeCohortRequest> inner, MemoryBudgetInterceptor owner, ServerCallContext context)
        : IAsyncStreamReader<AnalyzeCohortRequest>
    {
        private AnalyzeCohortRequest? _first;
        private long _rows;
        private int _groups;

        public long Held { get; private set; }

        public AnalyzeCohortRequest Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await inner.MoveNext(cancellationToken)) return false;
            var chunk = inner.Current;
            _first ??= chunk;
            var shape = CohortShape.Of(chunk.Cohort);
            (_rows, _groups) = (_rows + shape.Rows, Math.Max(_groups, shape.Groups));
            var cost = CallCost.OfStream(_first, new CohortShape(_rows, _groups), chunk.Cohort);
            if (cost.Bytes > Held)
            {
                var more = cost with { Bytes = cost.Bytes - Held };
                await owner.AcquireAsync(more, context, Held);
                Held = cost.Bytes;
            }
            else
            {
                // A smaller chunk than the last: its predecessor's share goes back to the budget.
                owner.Release(Held - cost.Bytes);
                Held = cost.Bytes;
            }
            return true;
        }
    }
}

using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Survival.V1;

namespace Survival.Server.Operations;

/// <summary>
/// Runs a call only when its <see cref="CallCost"/> fits the <see cref="MemoryBudget"/>; RESOURCE_EXHAUSTED, naming
/// what to reduce, when it never could or when the room does not come before its deadline. Every call arrives
/// admitted already by its bytes (<see cref="AdmissionMiddleware"/>): a gRPC message scanned whole holds its cost
/// already; any other (a method the scan does not read, a JSON body) has its hold brought to the parsed message's
/// cost. A client stream is admitted message by message (<see cref="BudgetedStream"/>), as its cohort grows.
/// </summary>
public sealed class MemoryBudgetInterceptor(MemoryBudget budget) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!SurvivalMethods.Includes(context.Method) || request is not IMessage message) return await continuation(request, context);
        var (hold, own) = HoldOf(context);
        try
        {
            // A message the middleware scanned whole holds its cost already; sizing it again would walk it once more.
            if (!hold.ScannedWhole) await AdmitAsync(hold, CallCost.Of(message), context);
            return await continuation(request, context);
        }
        finally
        {
            if (own) hold.Release();
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!SurvivalMethods.Includes(context.Method) || requestStream is not IAsyncStreamReader<AnalyzeCohortRequest> chunks)
            return await continuation(requestStream, context);
        var (hold, own) = HoldOf(context);
        try
        {
            return await continuation((IAsyncStreamReader<TRequest>)(object)new BudgetedStream(chunks, hold, this, context), context);
        }
        finally
        {
            if (own) hold.Release();
        }
    }

    /// <summary>The middleware's hold, which the middleware gives back; else the call's own.</summary>
    private (BudgetHold Hold, bool Own) HoldOf(ServerCallContext context) =>
        context.GetHttpContext().Features.Get<BudgetHold>() is { } admitted ? (admitted, false) : (new BudgetHold(budget), true);

    /// <summary>Brings <paramref name="hold"/> to <paramref name="cost"/> as long as the call's deadline and the budget's wait allow.</summary>
    private async Task AdmitAsync(BudgetHold hold, CallCost cost, ServerCallContext context)
    {
        var admission = await hold.ResizeAsync(cost, context.Deadline, context.CancellationToken);
        if (admission == Admission.Admitted) return;
        context.CancellationToken.ThrowIfCancellationRequested();
        throw ResourceExhausted.OfBudget(admission, hold.Whole(cost, HoldPart.Admitted), budget.TotalBytes, context.GetHttpContext()).ToRpcException();
    }

    /// <summary>
    /// The messages of an AnalyzeCohortStream call, each admitted before the service reads it: the stream holds what
    /// its cohort so far costs (<see cref="CallCost.OfStream"/>), taking more as chunks arrive and releasing a chunk's
    /// own share once the service moves past it.
    /// </summary>
    private sealed class BudgetedStream(
        IAsyncStreamReader<AnalyzeCohortRequest> inner, BudgetHold hold, MemoryBudgetInterceptor owner, ServerCallContext context)
        : IAsyncStreamReader<AnalyzeCohortRequest>
    {
        private AnalyzeCohortRequest? _first;
        private long _rows;
        private int _groups;

        public AnalyzeCohortRequest Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await inner.MoveNext(cancellationToken)) return false;
            var chunk = inner.Current;
            _first ??= chunk;
            var shape = CohortShape.Of(chunk.Cohort);
            (_rows, _groups) = (_rows + shape.Rows, Math.Max(_groups, shape.Groups));
            // The request body held this message's share while it arrived and was parsed; the stream's hold takes it over.
            context.GetHttpContext().Features.Get<ArrivingBody>()?.ReleaseHeld();
            await owner.AdmitAsync(hold, CallCost.OfStream(_first, new CohortShape(_rows, _groups), chunk.Cohort), context);
            return true;
        }
    }
}

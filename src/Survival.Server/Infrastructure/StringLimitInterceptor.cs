using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Survival.Server.Operations;
using Survival.Service.Validation;

namespace Survival.Server.Infrastructure;

/// <summary>
/// Applies <see cref="StringLimits"/> to each parsed request of the service whose bytes the admission middleware did
/// not check before parsing — an HTTP/JSON request, a compressed message of a client stream — before the service reads it.
/// </summary>
public sealed class StringLimitInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var checkedOnTheWire = context.GetHttpContext().Features.Get<BudgetHold>()?.ScannedWhole == true;
        if (SurvivalMethods.Includes(context.Method) && !checkedOnTheWire && request is IMessage message) Check(message);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        SurvivalMethods.Includes(context.Method)
            ? continuation(new CheckedStream<TRequest>(requestStream, context.GetHttpContext().Features.Get<ArrivingBody>()), context)
            : continuation(requestStream, context);

    private static void Check(IMessage message)
    {
        var violations = new FieldViolations();
        StringLimits.Check(message, violations);
        violations.ThrowIfAny();
    }

    /// <summary>A stream's messages, each checked unless its body checked the frame's bytes.</summary>
    private sealed class CheckedStream<T>(IAsyncStreamReader<T> inner, ArrivingBody? body) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await inner.MoveNext(cancellationToken)) return false;
            if (body?.LastFrameScanned != true && inner.Current is IMessage message) Check(message);
            return true;
        }
    }
}

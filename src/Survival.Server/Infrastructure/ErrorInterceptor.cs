using Grpc.Core;
using Grpc.Core.Interceptors;
using Survival.Service;

namespace Survival.Server.Infrastructure;

/// <summary>
/// Applies the <see cref="ErrorPolicy"/> to every unary, client-streaming and bidirectional call. Logs name the exception type only,
/// so no subject identifier or time can reach a log through an exception message.
/// </summary>
public sealed class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        Guard(() => continuation(request, context), context);

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        Guard(() => continuation(requestStream, context), context);

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        Guard(async () =>
        {
            await continuation(requestStream, responseStream, context);
            return true;
        }, context);

    private async Task<TResponse> Guard<TResponse>(Func<Task<TResponse>> call, ServerCallContext context)
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            var status = ErrorPolicy.ToRpcException(exception, context.CancellationToken);
            if (ErrorPolicy.IsInternal(status)) logger.LogError("{Method} failed: {ExceptionType}", context.Method, exception.GetType().Name);
            else logger.LogInformation("{Method} ended with {Status}: {ExceptionType}", context.Method, status.StatusCode, exception.GetType().Name);
            throw status;
        }
    }
}

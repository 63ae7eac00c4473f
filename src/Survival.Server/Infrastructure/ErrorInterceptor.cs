using Grpc.Core;
using Grpc.Core.Interceptors;
using Survival.Service.Validation;

namespace Survival.Server.Infrastructure;

/// <summary>
/// Gives every failure a deliberate status: a caller's cancellation is CANCELLED, an input the estimators reject is
/// INVALID_ARGUMENT, anything else INTERNAL — never grpc-dotnet's UNKNOWN. Logs name the exception type only, so
/// no subject identifier or time can reach a log through an exception message.
/// </summary>
public sealed class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request,
        ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (RpcException)
        {
            throw;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled"));
        }
        catch (ArgumentException exception)
        {
            logger.LogInformation("{Method} rejected an input: {ExceptionType}", context.Method, exception.GetType().Name);
            throw FieldViolations.Single("request", exception.Message).ToRpcException();
        }
        catch (Exception exception)
        {
            logger.LogError("{Method} failed: {ExceptionType}", context.Method, exception.GetType().Name);
            throw new RpcException(new Status(StatusCode.Internal, "internal error"));
        }
    }
}

using Grpc.Core;
using Survival.Service.Validation;
using Survival.Core;

namespace Survival.Service;

/// <summary>
/// The status every failure gets, the same on the server and in the command line's in-process calls: a caller's
/// cancellation is CANCELLED, an input the engine rejects is INVALID_ARGUMENT with a <c>BadRequest</c>, anything
/// else INTERNAL — never UNKNOWN, and never a message that could carry a subject's data.
/// </summary>
public static class ErrorPolicy
{
    /// <summary>The status exception for <paramref name="exception"/>, thrown by a call whose token is <paramref name="cancellationToken"/>.</summary>
    public static RpcException ToRpcException(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        RpcException rpc => rpc,
        OperationCanceledException when cancellationToken.IsCancellationRequested =>
            new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled")),
        InputRuleException rule => FieldViolations.Single(rule.Input, rule.Requirement).ToRpcException(),
        // Refused before any work: the computation asked for would outgrow its memory limit.
        ResourceLimitException limit => new RpcException(new Status(StatusCode.ResourceExhausted, limit.Message)),
        _ => new RpcException(new Status(StatusCode.Internal, "internal error")),
    };

    /// <summary>Whether the failure is the service's own fault, worth an error in the log rather than a note.</summary>
    public static bool IsInternal(RpcException status) => status.StatusCode == StatusCode.Internal;

    /// <summary>Runs an in-process call under the policy, as the server's interceptor runs a remote one.</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw ToRpcException(exception, cancellationToken);
        }
    }
}

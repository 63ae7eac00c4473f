using Grpc.Core;
using Survival.V1;

namespace Survival.Client;

/// <summary>
/// The data side's half of one <c>RemoteFits.FitModelRemote</c> call, whatever the model: open with the model, answer
/// each step the service asks for, hand back its result. What a step's answer is belongs to the model's data side
/// (<see cref="RemoteCoxFit"/>, <see cref="RemoteParametricFit"/>).
/// </summary>
internal static class RemoteFitCall
{
    /// <summary>Runs the call; the call's deadline stops this side's queries too, not only the call.</summary>
    /// <param name="client">The service.</param>
    /// <param name="opening">The model, the call's first message.</param>
    /// <param name="options">The call's deadline and cancellation.</param>
    /// <param name="answer">This side's answer to a step (never the result, which ends the call).</param>
    /// <exception cref="RpcException">The service refused the model or an answer, closed the call without a result, or the deadline passed.</exception>
    public static async Task<RemoteFitResult> RunAsync(
        RemoteFits.RemoteFitsClient client, RemoteFitUpload opening, CallOptions options, Func<RemoteFitStep, CancellationToken, Task<RemoteFitUpload>> answer)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);
        if (options.Deadline is { } deadline) cancel.CancelAfter(deadline - DateTime.UtcNow is { Ticks: > 0 } left ? left : TimeSpan.Zero);
        var token = cancel.Token;
        try
        {
            using var call = client.FitModelRemote(options.WithCancellationToken(token));
            await SendAsync(call, opening, token);
            while (await call.ResponseStream.MoveNext(token))
            {
                var step = call.ResponseStream.Current;
                if (step.StepCase == RemoteFitStep.StepOneofCase.Result)
                {
                    // The service ends the call once this side has closed its stream, so that no write of ours is cut.
                    await call.RequestStream.CompleteAsync();
                    while (await call.ResponseStream.MoveNext(token)) { }
                    return step.Result;
                }
                await SendAsync(call, await answer(step, token), token);
            }
            throw new RpcException(new Status(StatusCode.Aborted, "the service closed the call without a result"));
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested && !options.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "the call's deadline passed during a step"));
        }
    }

    /// <summary>
    /// Writes one message. When the service ends the call — refusing what it has just read — while this side's write
    /// is still being flushed, the write fails as CANCELLED, which says nothing of why; the service's status, which the
    /// response stream then holds (with its BadRequest), does, and is what the caller gets.
    /// </summary>
    private static async Task SendAsync(AsyncDuplexStreamingCall<RemoteFitUpload, RemoteFitStep> call, RemoteFitUpload message, CancellationToken token)
    {
        try
        {
            await call.RequestStream.WriteAsync(message, token);
        }
        catch (RpcException cut) when (cut.StatusCode == StatusCode.Cancelled && !token.IsCancellationRequested)
        {
            throw await EndingStatusAsync(call) ?? cut;
        }
    }

    /// <summary>The status the service ended the call with, if it ended it with an error; null otherwise, or if it does not say within seconds.</summary>
    private static async Task<RpcException?> EndingStatusAsync(AsyncDuplexStreamingCall<RemoteFitUpload, RemoteFitStep> call)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            while (await call.ResponseStream.MoveNext(patience.Token)) { }
            return null;
        }
        catch (RpcException ended)
        {
            return ended.StatusCode == StatusCode.Cancelled ? null : ended;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>A step this data side does not answer: the service speaks a newer protocol or another model.</summary>
    public static RpcException Unexpected(RemoteFitStep step, string side) =>
        new(new Status(StatusCode.Internal, $"the service asked for {step.StepCase}, which a {side} data side does not answer"));
}

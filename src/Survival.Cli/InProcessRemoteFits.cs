using System.Threading.Channels;
using Grpc.Core;
using Survival.Service;
using Survival.Service.Services;
using Survival.V1;

namespace Survival.Cli;

/// <summary>
/// A <c>RemoteFits</c> client whose calls run the service in this process, over in-memory streams: the command line's
/// remote fits without a server take the very path a server's do, validation and errors included.
/// </summary>
internal sealed class InProcessRemoteFits : CallInvoker
{
    public static RemoteFits.RemoteFitsClient Client() => new(new InProcessRemoteFits());

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        var uploads = Channel.CreateUnbounded<RemoteFitUpload>();
        var steps = Channel.CreateUnbounded<RemoteFitStep>();
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);
        _ = Task.Run(async () =>
        {
            try
            {
                await new RemoteFitService().FitModelRemote(new Reader<RemoteFitUpload>(uploads.Reader), new StepWriter(steps.Writer), new LocalCallContext(cancel.Token));
                steps.Writer.TryComplete();
            }
            catch (Exception exception)
            {
                steps.Writer.TryComplete(ErrorPolicy.ToRpcException(exception, cancel.Token));
            }
        });
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(
            (IClientStreamWriter<TRequest>)(object)new UploadWriter(uploads.Writer), (IAsyncStreamReader<TResponse>)(object)new Reader<RemoteFitStep>(steps.Reader),
            Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () =>
            {
                cancel.Cancel();
                cancel.Dispose();
            });
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();

    /// <summary>One direction's messages as read; the status the other end completed it with is thrown as it is.</summary>
    private sealed class Reader<T>(ChannelReader<T> reader) : IAsyncStreamReader<T>
    {
        public T Current { get; private set; } = default!;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            try
            {
                if (!await reader.WaitToReadAsync(cancellationToken) || !reader.TryRead(out var item)) return false;
                Current = item;
                return true;
            }
            catch (ChannelClosedException closed) when (closed.InnerException is RpcException status)
            {
                throw status;
            }
        }
    }

    /// <summary>The data side's messages, as the command line writes them.</summary>
    private sealed class UploadWriter(ChannelWriter<RemoteFitUpload> writer) : IClientStreamWriter<RemoteFitUpload>
    {
        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(RemoteFitUpload message) => writer.WriteAsync(message).AsTask();

        public Task WriteAsync(RemoteFitUpload message, CancellationToken cancellationToken) => writer.WriteAsync(message, cancellationToken).AsTask();

        public Task CompleteAsync()
        {
            writer.TryComplete();
            return Task.CompletedTask;
        }
    }

    /// <summary>The service's steps, as it writes them.</summary>
    private sealed class StepWriter(ChannelWriter<RemoteFitStep> writer) : IServerStreamWriter<RemoteFitStep>
    {
        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(RemoteFitStep message) => writer.WriteAsync(message).AsTask();

        public Task WriteAsync(RemoteFitStep message, CancellationToken cancellationToken) => writer.WriteAsync(message, cancellationToken).AsTask();
    }
}

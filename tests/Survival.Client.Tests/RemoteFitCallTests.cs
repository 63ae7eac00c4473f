using Grpc.Core;
using Survival.V1;

namespace Survival.Client.Tests;

/// <summary>
/// The data side's half of a remote fit when the service ends the call while a write of this side is in flight: CI saw
/// a refused summary (INVALID_ARGUMENT, summary.unreadable_rows) reported as CANCELLED, because grpc-dotnet fails a
/// write whose call has ended with a status of its own. On a loaded machine the race is real but rare, so the call here
/// is built by hand with the two halves of that race fixed: the write cut, the service's status on the response stream.
/// </summary>
public class RemoteFitCallTests
{
    [Fact]
    public async Task A_write_cut_by_the_service_ending_the_call_reports_the_services_status()
    {
        // Arrange: the service asks for the summary, then refuses it; the summary's write is cut.
        var refusal = new RpcException(new Status(StatusCode.InvalidArgument, "summary.unreadable_rows: must be 0"));
        var call = new CutCall([new RemoteFitStep { Summary = new RemoteSummaryRequest() }], refusal, cutWrite: 2);
        var client = new RemoteFits.RemoteFitsClient(call);

        // Act
        var thrown = await Assert.ThrowsAsync<RpcException>(() => RemoteFitCall.RunAsync(client, new RemoteFitUpload { Cox = new RemoteCoxModel() },
            default, (_, _) => Task.FromResult(new RemoteFitUpload { Summary = new RemoteSummary { UnreadableRows = 1 } })));

        // Assert
        Assert.Same(refusal, thrown);
    }

    [Fact]
    public async Task A_cut_write_whose_call_ended_without_an_error_stays_cancelled()
    {
        // Arrange: the write of the opening is cut and the service's stream ends without a status of its own.
        var call = new CutCall([], ending: null, cutWrite: 1);
        var client = new RemoteFits.RemoteFitsClient(call);

        // Act
        var thrown = await Assert.ThrowsAsync<RpcException>(() => RemoteFitCall.RunAsync(client, new RemoteFitUpload { Cox = new RemoteCoxModel() },
            default, (_, _) => Task.FromResult(new RemoteFitUpload())));

        // Assert
        Assert.Equal(StatusCode.Cancelled, thrown.StatusCode);
    }

    /// <summary>A FitModelRemote call whose n-th write fails as grpc-dotnet fails a write to an ended call, and whose responses are given.</summary>
    private sealed class CutCall(RemoteFitStep[] steps, RpcException? ending, int cutWrite) : CallInvoker
    {
        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
            Method<TRequest, TResponse> method, string? host, CallOptions options) =>
            new((IClientStreamWriter<TRequest>)(object)new Writer(cutWrite), (IAsyncStreamReader<TResponse>)(object)new Reader(steps, ending),
                Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            throw new NotSupportedException();

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            throw new NotSupportedException();

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
            Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
            Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();

        private sealed class Writer(int cutWrite) : IClientStreamWriter<RemoteFitUpload>
        {
            private int _writes;

            public WriteOptions? WriteOptions { get; set; }

            public Task WriteAsync(RemoteFitUpload message) => WriteAsync(message, CancellationToken.None);

            public Task WriteAsync(RemoteFitUpload message, CancellationToken cancellationToken) =>
                ++_writes == cutWrite ? Task.FromException(new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client."))) : Task.CompletedTask;

            public Task CompleteAsync() => Task.CompletedTask;
        }

        private sealed class Reader(RemoteFitStep[] steps, RpcException? ending) : IAsyncStreamReader<RemoteFitStep>
        {
            private int _read = -1;

            public RemoteFitStep Current => steps[_read];

            public Task<bool> MoveNext(CancellationToken cancellationToken)
            {
                if (++_read < steps.Length) return Task.FromResult(true);
                return ending is null ? Task.FromResult(false) : Task.FromException<bool>(ending);
            }
        }
    }
}

using Grpc.Core;

namespace Survival.Cli;

/// <summary>The call context of an in-process call: no peer, no headers, only cancellation.</summary>
internal sealed class LocalCallContext(CancellationToken cancellationToken) : ServerCallContext
{
    protected override string MethodCore => "/survival.v1.SurvivalAnalysis/AnalyzeCohort";
    protected override string HostCore => "localhost";
    protected override string PeerCore => "in-process";
    protected override DateTime DeadlineCore => DateTime.MaxValue;
    protected override Metadata RequestHeadersCore { get; } = [];
    protected override CancellationToken CancellationTokenCore => cancellationToken;
    protected override Metadata ResponseTrailersCore { get; } = [];
    protected override Status StatusCore { get; set; }
    protected override WriteOptions? WriteOptionsCore { get; set; }
    protected override AuthContext AuthContextCore { get; } = new(null, []);

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        throw new NotSupportedException("an in-process call propagates nothing");

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}

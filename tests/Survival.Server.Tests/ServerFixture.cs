using Grpc.Net.Client;
using Microsoft.AspNetCore.Mvc.Testing;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>The real server, in process, reached through a real <see cref="GrpcChannel"/>.</summary>
public sealed class ServerFixture : IDisposable
{
    private readonly WebApplicationFactory<Program> _factory = new();

    public ServerFixture()
    {
        Channel = GrpcChannel.ForAddress(_factory.Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = _factory.Server.CreateHandler(),
            MaxReceiveMessageSize = null,
        });
        Client = new SurvivalAnalysis.SurvivalAnalysisClient(Channel);
    }

    public GrpcChannel Channel { get; }

    public SurvivalAnalysis.SurvivalAnalysisClient Client { get; }

    /// <summary>A client of the same server's HTTP/JSON routes.</summary>
    public HttpClient CreateHttpClient() => _factory.CreateClient();

    public void Dispose()
    {
        Channel.Dispose();
        _factory.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}

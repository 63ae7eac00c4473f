using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace Survival.Server.Tests;

/// <summary>The standard services, and resilience to bytes that are not a valid message.</summary>
[Collection(ServerCollection.Name)]
public class ProtocolTests(ServerFixture server)
{
    [Fact]
    public async Task Health_service_reports_serving()
    {
        // Act
        var response = await new Health.HealthClient(server.Channel).CheckAsync(new HealthCheckRequest());

        // Assert
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Reflection_lists_the_survival_service()
    {
        // Arrange
        using var call = new ServerReflection.ServerReflectionClient(server.Channel).ServerReflectionInfo();

        // Act
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext());

        // Assert
        Assert.Contains(call.ResponseStream.Current.ListServicesResponse.Service, s => s.Name == "survival.v1.SurvivalAnalysis");
    }

    [Fact]
    public async Task Malformed_bytes_are_rejected_and_the_server_keeps_serving()
    {
        // Arrange: a method that sends raw bytes where an EstimateSurvivalRequest is expected.
        var bytes = Marshallers.Create<byte[]>(b => b, b => b);
        var method = new Method<byte[], byte[]>(MethodType.Unary, "survival.v1.SurvivalAnalysis", "EstimateSurvival", bytes, bytes);
        byte[] garbage = [0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02];

        // Act
        var exception = await Assert.ThrowsAsync<RpcException>(
            () => server.Channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(), garbage).ResponseAsync);

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, exception.StatusCode);
        var health = await new Health.HealthClient(server.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }
}

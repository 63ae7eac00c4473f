using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Survival.Server.Infrastructure;

namespace Survival.Server.Tests.Operations;

/// <summary>
/// grpc-dotnet offers no supported hook around request deserialization, so the host swaps its internal
/// binder-based method provider (found by type name) for <see cref="GuardedServiceMethodProvider{TService}"/>.
/// These tests fail on the grpc-dotnet upgrade that renames or removes it, before any caller sees UNKNOWN.
/// </summary>
public class GuardedBinderTests
{
    [Fact]
    public void Grpc_dotnet_still_registers_the_binder_provider_the_host_replaces()
    {
        // Arrange
        var services = new ServiceCollection();

        // Act
        services.AddGrpc();
        var providers = services.Where(d => d.ServiceType == typeof(IServiceMethodProvider<>)).ToList();

        // Assert
        Assert.True(
            providers.Any(d => d.ImplementationType?.Name.StartsWith("BinderServiceMethodProvider", StringComparison.Ordinal) == true),
            "grpc-dotnet no longer registers BinderServiceMethodProvider: adapt GrpcRegistration.ReplaceBinderProvider and "
            + "GuardedServiceMethodProvider, or malformed requests will be UNKNOWN instead of INVALID_ARGUMENT.");
    }

    [Fact]
    public void Host_registers_only_the_guarded_provider()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddLogging();

        // Act
        services.AddSurvivalGrpc(new ConfigurationBuilder().Build());
        var providers = services.Where(d => d.ServiceType == typeof(IServiceMethodProvider<>)).Select(d => d.ImplementationType).ToList();

        // Assert
        Assert.Contains(typeof(GuardedServiceMethodProvider<>), providers);
        Assert.DoesNotContain(providers, t => t?.Name.StartsWith("BinderServiceMethodProvider", StringComparison.Ordinal) == true);
    }
}

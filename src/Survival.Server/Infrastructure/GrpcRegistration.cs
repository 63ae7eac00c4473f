using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Survival.Server.Infrastructure;

/// <summary>The gRPC services, health, reflection and the error policy, as the host registers them.</summary>
public static class GrpcRegistration
{
    public static IServiceCollection AddSurvivalGrpc(this IServiceCollection services, IConfiguration configuration)
    {
        // Registries of millions of subjects arrive as one message; gRPC's 4 MB and Kestrel's 30 MB defaults would refuse
        // them, over gRPC and over HTTP/JSON alike.
        var maxRequestBytes = configuration.GetValue("Survival:MaxReceiveMessageBytes", 256 * 1024 * 1024);
        services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = maxRequestBytes);
        services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = maxRequestBytes;
            options.MaxSendMessageSize = null;
            options.Interceptors.Add<ErrorInterceptor>();
        }).AddJsonTranscoding(options =>
            // Lets the JSON error body carry the google.rpc.BadRequest detail, as the gRPC trailer does.
            options.TypeRegistry = TypeRegistry.FromFiles(Google.Rpc.ErrorDetailsReflection.Descriptor));
        ReplaceBinderProvider(services);
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck("survival", () => HealthCheckResult.Healthy());
        return services;
    }

    /// <summary>Swaps grpc-dotnet's binder-based method provider for the one that guards request parsing.</summary>
    private static void ReplaceBinderProvider(IServiceCollection services)
    {
        var binder = services.Single(d => d.ServiceType == typeof(IServiceMethodProvider<>)
            && d.ImplementationType?.Name.StartsWith("BinderServiceMethodProvider", StringComparison.Ordinal) == true);
        services.Remove(binder);
        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(GuardedServiceMethodProvider<>));
    }
}

using Grpc.AspNetCore.Server;
using Survival.Server.Security;

namespace Survival.Server.Operations;

/// <summary>What an operator configures around the service: credentials, limits, shutdown and telemetry.</summary>
public static class OperationsRegistration
{
    public static WebApplicationBuilder AddSurvivalOperations(this WebApplicationBuilder builder)
    {
        builder.Services.AddCallerAuthentication(builder.Configuration);
        builder.AddSurvivalTelemetry();
        builder.Services.AddSingleton<SpanTagsInterceptor>();
        builder.Services.AddSingleton<RateLimitInterceptor>();
        builder.Services.AddSingleton<MemoryBudget>();
        builder.Services.AddSingleton<MemoryBudgetInterceptor>();
        builder.Services.AddSingleton<GracefulShutdown>();
        builder.Services.AddHostedService(services => services.GetRequiredService<GracefulShutdown>());
        builder.Services.AddHealthChecks().AddCheck<GracefulShutdown>("shutdown");
        builder.Services.AddOptions<HostOptions>()
            .Configure<GracefulShutdown>((options, shutdown) => options.ShutdownTimeout = shutdown.NotServing + shutdown.Drain);
        // After the error policy registered by AddSurvivalGrpc, so its statuses pass through it unchanged.
        builder.Services.Configure<GrpcServiceOptions>(options =>
        {
            options.Interceptors.Add<SpanTagsInterceptor>();
            options.Interceptors.Add<RateLimitInterceptor>();
            options.Interceptors.Add<MemoryBudgetInterceptor>();
        });
        return builder;
    }

    /// <summary>The middleware, in order: counting every call's outcome, who calls, whether the caller may, admission by memory; and /metrics.</summary>
    public static WebApplication UseSurvivalOperations(this WebApplication app)
    {
        var metrics = app.Services.GetRequiredService<RpcMetrics>();
        app.Use((context, next) => metrics.InvokeAsync(context, next));
        app.MapPrometheusScrapingEndpoint(Telemetry.MetricsPath);
        app.MapHealthChecks("/healthz");
        app.UseAuthentication();
        app.UseCallerGate();
        // After the caller is known and allowed; before grpc-dotnet reads the request.
        app.UseMiddleware<AdmissionMiddleware>();
        return app;
    }
}

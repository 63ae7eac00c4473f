using Grpc.AspNetCore.Server;
using Survival.Server.Infrastructure;
using Survival.Server.Security;

namespace Survival.Server.Operations;

/// <summary>What an operator configures around the service: credentials, limits, shutdown and telemetry.</summary>
public static class OperationsRegistration
{
    public static WebApplicationBuilder AddSurvivalOperations(this WebApplicationBuilder builder)
    {
        builder.Services.AddCallerAuthentication(builder.Configuration);
        builder.Logging.AddRepeatedLogThrottle(builder.Configuration);
        builder.AddSurvivalTelemetry();
        builder.Services.AddSingleton<SpanTagsInterceptor>();
        builder.Services.AddSingleton<RateLimitInterceptor>();
        builder.Services.AddSingleton<MemoryBudget>();
        builder.Services.AddSingleton<AdmissionRules>();
        builder.Services.AddSingleton<MemoryBudgetInterceptor>();
        builder.Services.AddSingleton<StringLimitInterceptor>();
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
            // Last: only an admitted request is walked.
            options.Interceptors.Add<StringLimitInterceptor>();
        });
        // Every decompression grpc-dotnet does (the messages of client streams) stops at the limits and takes the budget.
        builder.Services.AddOptions<GrpcServiceOptions>().Configure<AdmissionRules, MemoryBudget>((options, rules, budget) =>
            options.CompressionProviders = [.. options.CompressionProviders.Select(p => new BoundedCompressionProvider(p, rules, budget))]);
        return builder;
    }

    /// <summary>
    /// The middleware, in order: /metrics on its own port if there is one, counting every call's outcome, who calls,
    /// whether the caller may, the limits of the open services and admission by memory; and /metrics and /healthz.
    /// </summary>
    public static WebApplication UseSurvivalOperations(this WebApplication app)
    {
        app.MapSurvivalMetrics();
        var metrics = app.Services.GetRequiredService<RpcMetrics>();
        app.Use((context, next) => metrics.InvokeAsync(context, next));
        app.MapHealthChecks("/healthz");
        app.UseAuthentication();
        app.UseCallerGate();
        // After the caller is known and allowed; before grpc-dotnet reads the request.
        app.UseMiddleware<OpenServices>();
        app.UseMiddleware<AdmissionMiddleware>();
        return app;
    }
}

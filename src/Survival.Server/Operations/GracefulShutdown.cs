using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Survival.Server.Operations;

/// <summary>
/// On SIGTERM: health turns NOT_SERVING at once while the server still accepts calls for
/// <c>Survival:Shutdown:NotServingSeconds</c> (default 5, so readiness probes and balancers move traffic away), then
/// Kestrel stops accepting and in-flight calls finish within <c>Survival:Shutdown:DrainSeconds</c> (default 30);
/// the process exits 0.
/// </summary>
public sealed class GracefulShutdown(IConfiguration configuration, ILogger<GracefulShutdown> logger) : IHostedLifecycleService, IHealthCheck
{
    private volatile bool _draining;

    public TimeSpan NotServing { get; } = TimeSpan.FromSeconds(configuration.GetValue("Survival:Shutdown:NotServingSeconds", 5.0));

    public TimeSpan Drain { get; } = TimeSpan.FromSeconds(configuration.GetValue("Survival:Shutdown:DrainSeconds", 30.0));

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_draining ? HealthCheckResult.Unhealthy("shutting down") : HealthCheckResult.Healthy());

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        logger.LogInformation("Shutting down: not serving for {Seconds} s, then draining in-flight calls", NotServing.TotalSeconds);
        await Task.Delay(NotServing, cancellationToken);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Survival.Server.Operations;

/// <summary>
/// OpenTelemetry metrics and traces: ASP.NET Core's request-duration histogram and spans, per-RPC counts by status
/// (<see cref="RpcMetrics"/>), a Prometheus scrape at <c>/metrics</c>, and OTLP export when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Spans carry the RPC name, cohort size and group count only.
/// </summary>
public static class Telemetry
{
    public const string MetricsPath = "/metrics";

    public static void AddSurvivalTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddSingleton<RpcMetrics>();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("survival"))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddMeter(RpcMetrics.MeterName).AddPrometheusExporter();
                if (otlp) metrics.AddOtlpExporter();
            })
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(options => options.Filter = context => context.Request.Path != MetricsPath);
                if (otlp) tracing.AddOtlpExporter();
            });
    }
}

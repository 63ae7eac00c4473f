using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Survival.Server.Security;

namespace Survival.Server.Operations;

/// <summary>
/// OpenTelemetry metrics and traces: ASP.NET Core's request-duration histogram and spans, per-RPC counts by status
/// (<see cref="RpcMetrics"/>), a Prometheus scrape at <c>/metrics</c>, and OTLP export when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Spans carry the RPC name, cohort size and group count only.
/// <para>
/// Where <c>/metrics</c> answers is the operator's choice (<see cref="MapSurvivalMetrics"/>): by default on the HTTP
/// endpoint behind the API's credentials; with a Kestrel endpoint named <c>Metrics</c>, there only, without credentials.
/// </para>
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

    /// <summary>
    /// Maps <c>/metrics</c>: with a Kestrel endpoint named <c>Metrics</c> (<c>Kestrel:Endpoints:Metrics:Url</c>), on that
    /// endpoint only and without credentials — a port for the scraper that no Service exposes — and nothing else is served
    /// there; otherwise on the other endpoints, requiring the API's credentials when they are configured.
    /// </summary>
    public static void MapSurvivalMetrics(this WebApplication app)
    {
        var scrape = app.MapPrometheusScrapingEndpoint(MetricsPath);
        if (MetricsPort(app.Configuration) is not { } port)
        {
            scrape.RequireCaller(app.Configuration);
            return;
        }
        scrape.WithMetadata(ScrapeEndpoint.Instance);
        app.Use((context, next) =>
        {
            var onMetricsPort = context.Connection.LocalPort == port;
            var scraping = context.GetEndpoint()?.Metadata.GetMetadata<ScrapeEndpoint>() is not null;
            if (onMetricsPort == scraping) return next(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
    }

    private static int? MetricsPort(IConfiguration configuration) =>
        configuration["Kestrel:Endpoints:Metrics:Url"] is { Length: > 0 } url ? BindingAddress.Parse(url).Port : null;

    /// <summary>Endpoint metadata: the Prometheus scrape, served only on the metrics endpoint when there is one.</summary>
    private sealed class ScrapeEndpoint
    {
        public static ScrapeEndpoint Instance { get; } = new();
    }
}

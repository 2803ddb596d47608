using Conifer.Runtime;
using Conifer.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Conifer.Server.Metrics;

/// <summary>
/// OpenTelemetry metrics of the whole server, set up on the admin host: the runtime's and the store's meters and
/// ASP.NET Core's own HTTP and Kestrel meters (of both hosts: a meter listener sees every meter in the process), read
/// by Prometheus at <c>GET /metrics</c> on the admin URL (behind the admin password) and pushed over OTLP when an
/// endpoint is configured.
/// </summary>
internal static class ServerMetrics
{
    /// <summary>The Prometheus scrape route on the admin URL.</summary>
    public const string ScrapePath = "/metrics";

    /// <summary>The standard OpenTelemetry variable naming the collector; <c>--otlp-endpoint</c> sets the same setting.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static void AddTo(WebApplicationBuilder builder, ServerOptions options)
    {
        if (options.OtlpEndpoint is { } endpoint)
        {
            // Through configuration rather than the exporter's options object, so that the option behaves exactly like
            // the environment variable (e.g. the /v1/metrics path added for OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf).
            builder.Configuration[OtlpEndpointSetting] = endpoint;
        }
        var exportOtlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]);
        // The SDK reads OTEL_SERVICE_NAME itself; a name set in code would override it, so it is only the fallback.
        var namedByEnvironment = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (!namedByEnvironment)
                {
                    resource.AddService("conifer");
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(LiveProcess.MeterName, FileProcessStore.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddPrometheusExporter();
                if (exportOtlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
    }

    public static void Map(WebApplication app) => app.MapPrometheusScrapingEndpoint(ScrapePath);
}

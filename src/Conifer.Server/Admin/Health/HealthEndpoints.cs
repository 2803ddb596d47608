using System.Text.Json;
using Conifer.Runtime.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Conifer.Server.Admin.Health;

/// <summary>
/// <c>GET /health/live</c> and <c>GET /health/ready</c> as ASP.NET Core health checks, without the admin password
/// (<see cref="AdminAuthMiddleware"/>): live answers 200 while the admin server answers at all; ready answers 200
/// once the state is restored and the store takes writes, 503 otherwise, with each check's details as JSON.
/// </summary>
internal static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static void AddTo(IServiceCollection services, ProcessHolder holder) =>
        services.AddHealthChecks()
            .Add(new HealthCheckRegistration("process", _ => new ProcessReadyCheck(holder), HealthStatus.Unhealthy, [ReadyTag]))
            .Add(new HealthCheckRegistration("store", _ => new StoreCheck(holder), HealthStatus.Unhealthy, [ReadyTag]))
            .Add(new HealthCheckRegistration("writer", _ => new WriterCheck(holder), HealthStatus.Unhealthy, [ReadyTag]));

    public static void Map(WebApplication app)
    {
        // Liveness runs no check: a restoring or failed process is still alive (the admin interface is up to mend
        // it), and restarting the server would not help a store that cannot be opened.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            Status = report.Status.ToString(),
            TotalDurationMilli = report.TotalDuration.TotalMilliseconds,
            Checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                Status = e.Value.Status.ToString(),
                e.Value.Description,
                DurationMilli = e.Value.Duration.TotalMilliseconds,
                e.Value.Data,
            }),
        }, ReportJson.Options);
    }
}

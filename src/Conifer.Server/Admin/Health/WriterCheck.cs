using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Conifer.Server.Admin.Health;

/// <summary>
/// The single writer: unhealthy while one event's app code runs past its limit (the writer is held
/// until the call returns or is abandoned), degraded (still ready: the writer goes on) once calls were
/// abandoned, with how many and how many still hold a thread.
/// </summary>
internal sealed class WriterCheck(ProcessHolder holder) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (holder.Process is not { } process)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No process is open."));
        }
        var data = new Dictionary<string, object>
        {
            ["abandonedCalls"] = process.AbandonedCalls,
            ["abandonedStillRunning"] = process.AbandonedStillRunning,
        };
        if (process.WriterOverdue is { } overdue)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(
                $"The writer is held by one event's app code, {overdue.TotalSeconds:0.#} s past its limit; it is abandoned after the grace period.", data: data));
        }
        return Task.FromResult(process.AbandonedCalls > 0
            ? HealthCheckResult.Degraded(
                $"{process.AbandonedCalls} call(s) of app code did not return within the event limit and were abandoned ({process.AbandonedStillRunning} still hold a thread); " +
                "the writer goes on. Deploy a fix for the handler.", data: data)
            : HealthCheckResult.Healthy("The writer takes events.", data));
    }
}

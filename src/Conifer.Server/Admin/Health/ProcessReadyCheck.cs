using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Conifer.Server.Admin.Health;

/// <summary>Ready once the state is restored: unhealthy while the store is opened and replayed, and after a failed restore.</summary>
internal sealed class ProcessReadyCheck(ProcessHolder holder) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = holder.Status;
        var data = new Dictionary<string, object>
        {
            ["processStatus"] = status,
            ["versionId"] = holder.Process?.VersionId ?? "none",
        };
        if (holder.Progress is { } progress)
        {
            data["progress"] = progress;
        }
        if (holder.Error is { } error)
        {
            data["error"] = error;
        }
        return Task.FromResult(status switch
        {
            ProcessStatus.Ready => HealthCheckResult.Healthy("The state is restored and the public app is served.", data),
            ProcessStatus.Restoring => HealthCheckResult.Unhealthy(
                holder.Progress is { } p ? $"Restoring: {p.Phase} ({p.RecordsDone} of {p.RecordsTotal} records)." : "Restoring.", data: data),
            ProcessStatus.Failed => HealthCheckResult.Unhealthy($"The restore failed: {holder.Error}", data: data),
            _ => throw new InvalidOperationException($"{nameof(ProcessReadyCheck)}.{nameof(CheckHealthAsync)}: unhandled status {status}"),
        });
    }
}

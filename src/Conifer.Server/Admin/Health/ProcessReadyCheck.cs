using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Conifer.Server.Admin.Health;

/// <summary>
/// Ready once the state is restored: unhealthy while the store is opened and replayed, after a failed restore, on a
/// standby until it takes over, and once the process was fenced.
/// </summary>
internal sealed class ProcessReadyCheck(ProcessHolder holder) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = holder.Status;
        var data = new Dictionary<string, object>
        {
            ["processStatus"] = status,
            ["versionId"] = holder.Process?.VersionId ?? "none",
            ["role"] = holder.Role,
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
            ProcessStatus.Standby => HealthCheckResult.Unhealthy(
                $"A standby: it follows the primary ({holder.Replication?.LagRecords ?? 0} records behind) and serves nothing until it takes over.", data: data),
            ProcessStatus.Fenced => HealthCheckResult.Unhealthy($"No longer the primary: {holder.Error}", data: data),
            _ => throw new InvalidOperationException($"{nameof(ProcessReadyCheck)}.{nameof(CheckHealthAsync)}: unhandled status {status}"),
        });
    }
}

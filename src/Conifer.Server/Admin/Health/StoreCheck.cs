using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Conifer.Server.Admin.Health;

/// <summary>
/// Unhealthy once a write or sync of the store failed: the process takes no more events until the server has
/// reopened it from disk, which it does by itself.
/// </summary>
internal sealed class StoreCheck(ProcessHolder holder) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(holder.Process switch
        {
            { IsStoreFailed: true } => HealthCheckResult.Unhealthy("The store failed; the server is reopening it from disk."),
            { } process => HealthCheckResult.Healthy($"The store takes writes (record {process.LastSequence})."),
            null when holder.Status == ProcessStatus.Standby => HealthCheckResult.Unhealthy("A standby reads the store and takes no writes until it takes over."),
            null => HealthCheckResult.Unhealthy("No store is open for writing."),
        });
}

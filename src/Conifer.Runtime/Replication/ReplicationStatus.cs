namespace Conifer.Runtime.Replication;

/// <summary>Where a process stands in replication, as <c>/api/status</c> and the admin page show it.</summary>
/// <param name="Role">Primary or standby.</param>
/// <param name="Epoch">The writer epoch: the primary's own, or for a standby the epoch of the primary it follows; null on a store without epochs (a folder).</param>
/// <param name="PrimaryUrl">The public URL the current primary announced in its lease, or null when unknown (and on the primary itself).</param>
/// <param name="AppliedSequence">The last record applied to this process's state.</param>
/// <param name="HeadSequence">The newest durable record in the store as this process last saw it.</param>
/// <param name="LagMilli">How long ago the newest record this process has not applied was committed (0 when it is caught up).</param>
public sealed record ReplicationStatus(ProcessRole Role, long? Epoch, string? PrimaryUrl, long AppliedSequence, long HeadSequence, double LagMilli)
{
    /// <summary>Records in the store not yet applied here.</summary>
    public long LagRecords => Math.Max(0, HeadSequence - AppliedSequence);

    /// <summary>What a process on a store without replication reports: primary, no epoch, no lag.</summary>
    public static ReplicationStatus Standalone(long lastSequence) => new(ProcessRole.Primary, null, null, lastSequence, lastSequence, 0);
}

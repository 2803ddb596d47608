namespace Conifer.Runtime.Verification;

/// <summary>What <see cref="ReplayVerifier"/> found replaying a store's log against its checkpoints.</summary>
/// <param name="StartSequence">The replay began after this record: 0 for the empty process (the log still begins at
/// record 1), else the sequence the oldest snapshot still present covers.</param>
/// <param name="LastSequence">The last record of the log.</param>
/// <param name="RecordsReplayed">Records applied before the replay ended (at the last record, or at the divergence).</param>
/// <param name="SnapshotsCompared">Snapshots after the start whose state the replay reached and compared.</param>
/// <param name="DeploysCompared">Deploy records whose stored state the replay computed again (by <c>Migrate</c> or <c>Init</c>) and compared.</param>
/// <param name="Divergence">The first place where the replay differs from what the store holds; null when everything matches.</param>
public sealed record ReplayReport(long StartSequence, long LastSequence, long RecordsReplayed, int SnapshotsCompared, int DeploysCompared, ReplayDivergence? Divergence)
{
    /// <summary>Whether every checkpoint matched the replay.</summary>
    public bool Matches => Divergence is null;
}

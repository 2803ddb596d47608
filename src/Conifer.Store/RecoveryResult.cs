namespace Conifer.Store;

/// <summary>
/// What opening a store found: the snapshot to start from, the records to replay after it, and any tail that was
/// cut or snapshot that was skipped. The runtime restores <see cref="Snapshot"/> and then applies <see cref="ReadRecords"/>.
/// </summary>
public sealed class RecoveryResult
{
    private readonly Func<IEnumerable<LogRecord>> _records;
    private readonly Func<SnapshotInfo, RecoveredSnapshot?> _openSnapshot;

    internal RecoveryResult(
        RecoveredSnapshot? snapshot,
        long firstRetainedSequence,
        long lastSequence,
        TailRepair? tailRepair,
        IReadOnlyList<string> skippedSnapshots,
        IReadOnlyList<SnapshotInfo> snapshotReferences,
        long? highWaterSequence,
        IReadOnlyList<Repairs.StoreRepair> repairs,
        Func<IEnumerable<LogRecord>> records,
        Func<SnapshotInfo, RecoveredSnapshot?> openSnapshot)
    {
        Snapshot = snapshot;
        FirstRetainedSequence = firstRetainedSequence;
        LastSequence = lastSequence;
        TailRepair = tailRepair;
        SkippedSnapshots = skippedSnapshots;
        SnapshotReferences = snapshotReferences;
        HighWaterSequence = highWaterSequence;
        Repairs = repairs;
        _records = records;
        _openSnapshot = openSnapshot;
    }

    /// <summary>The newest valid, referenced snapshot, or <see langword="null"/> to replay from the first record.</summary>
    public RecoveredSnapshot? Snapshot { get; }

    /// <summary>The first sequence still in the log (greater than 1 after a truncate).</summary>
    public long FirstRetainedSequence { get; }

    /// <summary>The last valid record in the log; 0 for an empty store.</summary>
    public long LastSequence { get; }

    /// <summary>The first record to replay: the one after the snapshot, or the first retained record.</summary>
    public long FirstReplaySequence => Snapshot is null ? FirstRetainedSequence : Snapshot.CoversThroughSequence + 1;

    /// <summary>How many records <see cref="ReadRecords"/> yields.</summary>
    public long ReplayCount => Math.Max(0, LastSequence - FirstReplaySequence + 1);

    /// <summary>A torn or corrupt tail found after the last complete batch, or <see langword="null"/> when the log ended cleanly.</summary>
    public TailRepair? TailRepair { get; }

    /// <summary>The sequence the store's high-water mark says was durable, or null when the store has no mark yet.</summary>
    public long? HighWaterSequence { get; }

    /// <summary>
    /// Acknowledged records the log no longer holds: how far it ends before <see cref="HighWaterSequence"/>. Non-zero
    /// only for a read-only open (a writable one refuses, unless the loss was accepted) or after an accepted loss.
    /// </summary>
    public long RecordsLost => HighWaterSequence is { } mark && mark > LastSequence ? mark - LastSequence : 0;

    /// <summary>
    /// What this open repaired (a writable open, also kept in the repair journal) or would repair (a read-only
    /// open): a cut tail, a skipped snapshot, an accepted loss. Empty when the store was opened as it was left.
    /// </summary>
    public IReadOnlyList<Repairs.StoreRepair> Repairs { get; }

    /// <summary>Snapshot files that were referenced but failed their checks (a sentence each, naming the file); recovery used an older one.</summary>
    public IReadOnlyList<string> SkippedSnapshots { get; }

    /// <summary>
    /// Every snapshot the valid log references, oldest first, whether or not its file is still there (a truncate
    /// deletes the files of snapshots older than the one it keeps). A checkpoint to compare a replay against.
    /// </summary>
    public IReadOnlyList<SnapshotInfo> SnapshotReferences { get; }

    /// <summary>
    /// Opens the file of a referenced snapshot after checking it completely, or returns <see langword="null"/> when
    /// the file is gone.
    /// </summary>
    /// <exception cref="Exceptions.StoreCorruptException">The file fails its checks.</exception>
    public RecoveredSnapshot? OpenSnapshot(SnapshotInfo reference) => _openSnapshot(reference);

    /// <summary>
    /// Streams the records after the snapshot in sequence order, reading the segment files again (the open already
    /// checked every checksum and chain link). Every call starts from the beginning.
    /// </summary>
    public IEnumerable<LogRecord> ReadRecords() => _records();
}

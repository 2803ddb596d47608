namespace Conifer.Store;

/// <summary>
/// What opening a store found: the snapshot to start from, the records to replay after it, and any tail that was
/// cut or snapshot that was skipped. The runtime restores <see cref="Snapshot"/> and then applies <see cref="ReadRecords"/>.
/// </summary>
public sealed class RecoveryResult
{
    private readonly Func<IEnumerable<LogRecord>> _records;

    internal RecoveryResult(
        RecoveredSnapshot? snapshot,
        long firstRetainedSequence,
        long lastSequence,
        TailRepair? tailRepair,
        IReadOnlyList<string> skippedSnapshots,
        Func<IEnumerable<LogRecord>> records)
    {
        Snapshot = snapshot;
        FirstRetainedSequence = firstRetainedSequence;
        LastSequence = lastSequence;
        TailRepair = tailRepair;
        SkippedSnapshots = skippedSnapshots;
        _records = records;
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

    /// <summary>Snapshot files that were referenced but failed their checks (a sentence each, naming the file); recovery used an older one.</summary>
    public IReadOnlyList<string> SkippedSnapshots { get; }

    /// <summary>
    /// Streams the records after the snapshot in sequence order, reading the segment files again (the open already
    /// checked every checksum and chain link). Every call starts from the beginning.
    /// </summary>
    public IEnumerable<LogRecord> ReadRecords() => _records();
}

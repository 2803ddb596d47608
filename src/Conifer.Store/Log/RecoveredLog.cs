namespace Conifer.Store.Log;

/// <summary>What <see cref="LogRecovery"/> found and repaired, for the store (or a read-only reader) to go on from.</summary>
internal sealed class RecoveredLog
{
    public required List<SegmentEntry> Segments { get; init; }

    public required long LastSequence { get; init; }

    public required ulong LastHash { get; init; }

    public required TailRepair? TailRepair { get; set; }

    /// <summary>Every snapshot reference in the valid log, by covered sequence (the latest reference wins).</summary>
    public required Dictionary<long, SnapshotInfo> SnapshotReferences { get; init; }

    public long FirstRetainedSequence => Segments.Count == 0 ? 1 : Segments[0].FirstSequence;
}

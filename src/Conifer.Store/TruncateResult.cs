namespace Conifer.Store;

/// <summary>What a truncate dropped.</summary>
/// <param name="KeptFromSnapshot">The snapshot history was cut back to, or <see langword="null"/> when there was no snapshot and nothing was dropped.</param>
/// <param name="TruncateSequence">The sequence of the <see cref="RecordKind.Truncate"/> record, or 0 when nothing was logged.</param>
/// <param name="SegmentsDeleted">How many log segment files were deleted.</param>
/// <param name="SnapshotsDeleted">How many older snapshot files were deleted.</param>
/// <param name="BytesFreed">The size of the deleted files.</param>
public sealed record TruncateResult(SnapshotInfo? KeptFromSnapshot, long TruncateSequence, int SegmentsDeleted, int SnapshotsDeleted, long BytesFreed);

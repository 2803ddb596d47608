namespace Conifer.Store;

/// <summary>A snapshot that is durable and referenced from the log.</summary>
/// <param name="CoversThroughSequence">The state in the snapshot is the result of applying every record up to and including this sequence.</param>
/// <param name="ReferenceSequence">The sequence of the <see cref="RecordKind.SnapshotReference"/> record that made the snapshot usable for recovery.</param>
/// <param name="Length">The number of state bytes (not counting the file's header and trailer).</param>
/// <param name="StateHash">XXH3-64 of the state bytes, as stored in the file trailer and in the reference record.</param>
public sealed record SnapshotInfo(long CoversThroughSequence, long ReferenceSequence, long Length, ulong StateHash);

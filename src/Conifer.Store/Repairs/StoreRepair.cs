namespace Conifer.Store.Repairs;

/// <summary>One repair an open made, as kept in the store's <c>repairs.jsonl</c> and shown by history and status.</summary>
/// <param name="At">When the open made it (UTC).</param>
/// <param name="Kind">What was done.</param>
/// <param name="File">The file repaired or skipped, relative to the store directory.</param>
/// <param name="Offset">Where in the file the damage began (0 for a whole file).</param>
/// <param name="Bytes">Bytes cut off (0 for a skipped snapshot).</param>
/// <param name="Records">Records cut off, or lost for an accepted loss (0 for a skipped snapshot).</param>
/// <param name="LastKeptSequence">The last record the log kept.</param>
/// <param name="Reason">What was wrong, in words.</param>
public sealed record StoreRepair(DateTimeOffset At, StoreRepairKind Kind, string File, long Offset, long Bytes, long Records, long LastKeptSequence, string Reason)
{
    /// <summary>One line for a log: what was done, file, offset, bytes and records.</summary>
    public override string ToString() => Kind switch
    {
        StoreRepairKind.TornTailCut => $"cut a torn tail of {File} at offset {Offset}: {Bytes} byte(s), {Records} record(s) after record {LastKeptSequence} ({Reason})",
        StoreRepairKind.SnapshotSkipped => $"skipped the damaged snapshot {File} and replayed from an older start ({Reason})",
        StoreRepairKind.DataLossAccepted => $"accepted the loss of {Records} acknowledged record(s) after record {LastKeptSequence}, cutting {File} at offset {Offset} ({Bytes} byte(s)): {Reason}",
        _ => throw new InvalidOperationException($"{nameof(StoreRepair)}.{nameof(ToString)}: unhandled kind {Kind}"),
    };
}

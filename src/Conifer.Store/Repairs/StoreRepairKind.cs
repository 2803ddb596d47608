namespace Conifer.Store.Repairs;

/// <summary>What an open had to do to a store (the <c>kind</c> of a line in <c>repairs.jsonl</c>).</summary>
public enum StoreRepairKind
{
    /// <summary>A torn last batch (or an unfinished segment) was cut off the log.</summary>
    TornTailCut,

    /// <summary>A referenced snapshot failed its checks; recovery started from an older one and replayed more.</summary>
    SnapshotSkipped,

    /// <summary>The log ended before the high-water mark and a person accepted the loss of those records.</summary>
    DataLossAccepted,
}

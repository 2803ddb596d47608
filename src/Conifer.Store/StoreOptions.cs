using Conifer.Store.IO;

namespace Conifer.Store;

/// <summary>Sizes and limits of a <see cref="FileProcessStore"/>. The defaults suit a server.</summary>
public sealed record StoreOptions
{
    /// <summary>The defaults.</summary>
    public static StoreOptions Default { get; } = new();

    /// <summary>A new segment file is started once the current one holds at least this many bytes (64 MiB).</summary>
    public long SegmentBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>A batch (one write, one sync) takes no more records once it holds this many bytes (1 MiB); the rest wait for the next batch.</summary>
    public int MaxBatchBytes { get; init; } = 1024 * 1024;

    /// <summary>A batch takes at most this many records (at most 65,536: the in-batch index is 16 bits on disk).</summary>
    public int MaxBatchRecords { get; init; } = 4096;

    /// <summary>
    /// The largest payload an append accepts and a reader believes. A length above it in a file is corruption,
    /// never an allocation of that size (limits on untrusted bytes).
    /// </summary>
    public int MaxRecordBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>
    /// Whether a writable open may cut a log that ends before its high-water mark, losing records that were
    /// acknowledged (<see cref="Exceptions.StoreDataLossException"/> otherwise). Set only on a person's explicit
    /// word (<c>store repair --accept-data-loss</c>, <c>run-server --accept-data-loss</c>); the loss is recorded in
    /// the repair journal.
    /// </summary>
    public bool AcceptDataLoss { get; init; }

    /// <summary>Where every byte is read and written; tests put a fault-injecting file system here.</summary>
    public IStoreFileSystem FileSystem { get; init; } = PhysicalFileSystem.Instance;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SegmentBytes, nameof(SegmentBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchBytes, 1, nameof(MaxBatchBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchRecords, 1, nameof(MaxBatchRecords));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxBatchRecords, 65_536, nameof(MaxBatchRecords));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRecordBytes, 0, nameof(MaxRecordBytes));
        ArgumentNullException.ThrowIfNull(FileSystem, nameof(FileSystem));
    }
}

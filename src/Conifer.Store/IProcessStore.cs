namespace Conifer.Store;

/// <summary>
/// The durable log, snapshots and blobs of one process: the one interface the runtime drives, implemented by the
/// embedded <see cref="FileProcessStore"/> (a folder) and, later, by a replicated database backend.
/// </summary>
/// <remarks>
/// Every method is safe to call concurrently. Once a write or a sync has failed the store is failed for good:
/// every later call that writes throws <see cref="Exceptions.StoreFailedException"/>, and the process must reopen
/// the store to recover from what is on disk.
/// </remarks>
public interface IProcessStore : IAsyncDisposable
{
    /// <summary>The sequence given to the most recent append (durable or not yet); 0 for an empty log.</summary>
    long LastSequence { get; }

    /// <summary>Every record up to and including this sequence is durable.</summary>
    long DurableSequence { get; }

    /// <summary>The newest snapshot referenced from the log, or <see langword="null"/> when there is none.</summary>
    SnapshotInfo? LatestSnapshot { get; }

    /// <summary>Whether a write or sync failed; a failed store takes no more appends.</summary>
    bool IsFailed { get; }

    /// <summary>
    /// Appends one record and completes with its sequence once the record is durable. Concurrent appends share
    /// one write and one sync (group commit). Sequences are given in call order. The returned value task is pooled:
    /// await it (or call <c>AsTask()</c>) exactly once.
    /// </summary>
    /// <param name="kind">What the record means to the runtime (not <see cref="RecordKind.Truncate"/> or <see cref="RecordKind.SnapshotReference"/>, which the store writes itself).</param>
    /// <param name="payload">The bytes to store; copied before the method returns, so the caller may reuse the buffer.</param>
    /// <param name="cancellationToken">Observed only before the record is taken: once taken it will be written whatever happens to the token.</param>
    /// <exception cref="Exceptions.StoreFailedException">The store failed earlier and takes no appends.</exception>
    /// <exception cref="Exceptions.AppendOutcomeUnknownException">The write or sync of this record's batch failed: the record may or may not be on disk.</exception>
    ValueTask<long> AppendAsync(RecordKind kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes one record into the next group commit without waiting, and returns its sequence; <see cref="WaitDurableAsync"/>
    /// tells when it is durable. For a single writer that pipelines: one wait per batch of its records instead of one per record.
    /// </summary>
    /// <param name="kind">As for <see cref="AppendAsync"/>.</param>
    /// <param name="payload">Copied before the method returns.</param>
    /// <exception cref="Exceptions.StoreFailedException">The store failed earlier and takes no appends.</exception>
    long Append(RecordKind kind, ReadOnlyMemory<byte> payload);

    /// <summary>
    /// Completes once every record up to <paramref name="sequence"/> is durable. Faults with
    /// <see cref="Exceptions.AppendOutcomeUnknownException"/> or <see cref="Exceptions.StoreFailedException"/> when the store failed first.
    /// </summary>
    Task WaitDurableAsync(long sequence);

    /// <summary>
    /// Writes a snapshot of the state after <paramref name="coversThroughSequence"/> in the background while appends
    /// continue, and completes once the snapshot is durable and referenced from the log. When a snapshot covering
    /// this sequence or a later one already exists, it is returned and <paramref name="writeState"/> is not called.
    /// </summary>
    /// <param name="coversThroughSequence">The last record the state includes; at most <see cref="LastSequence"/>. The snapshot is put in place only after that record is durable.</param>
    /// <param name="writeState">Writes the state bytes to the given stream (from an immutable state: it runs concurrently with appends).</param>
    /// <param name="cancellationToken">Stops the write before the snapshot is put in place; the old snapshots stay.</param>
    Task<SnapshotInfo> WriteSnapshotAsync(long coversThroughSequence, Func<Stream, CancellationToken, Task> writeState, CancellationToken cancellationToken = default);

    /// <summary>Stores bytes under their SHA-256, once per hash, and completes when they are durable.</summary>
    /// <exception cref="Exceptions.BlobNotWrittenException">The bytes could not be written (a full disk); nothing is left behind and the store goes on.</exception>
    /// <exception cref="Exceptions.StoreFailedException">Putting the written blob in place failed; the store takes no more writes.</exception>
    Task<BlobId> PutBlobAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>The bytes stored under <paramref name="id"/>, or <see langword="null"/> when there is no such blob.</summary>
    /// <exception cref="Exceptions.StoreCorruptException">The stored bytes no longer hash to <paramref name="id"/>.</exception>
    Task<ReadOnlyMemory<byte>?> TryGetBlobAsync(BlobId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Hands the durable records from <paramref name="fromSequence"/> on, in sequence order, to <paramref name="read"/>
    /// and returns what it returns. Records a truncate dropped are gone: the first record seen is then a later one.
    /// Truncates (and snapshot writes and copies, which take turns with them) wait meanwhile, so no segment is deleted
    /// under the reader; appends continue.
    /// </summary>
    /// <param name="fromSequence">The first record wanted.</param>
    /// <param name="read">Consumes the records (each payload is valid only during the call); runs on a pool thread.</param>
    /// <param name="cancellationToken">Observed while waiting for a running truncate, snapshot or copy.</param>
    Task<T> ReadDurableRecordsAsync<T>(long fromSequence, Func<IEnumerable<LogRecord>, T> read, CancellationToken cancellationToken = default);

    /// <summary>
    /// Drops history before the newest snapshot: logs a <see cref="RecordKind.Truncate"/> record, then deletes the
    /// segments wholly before that snapshot and the older snapshots. Write a fresh snapshot first.
    /// </summary>
    Task<TruncateResult> TruncateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a consistent copy of the live store into an empty or missing <paramref name="destinationDirectory"/>:
    /// the newest snapshot, every segment up to the durable end and the blobs. Appends continue meanwhile.
    /// </summary>
    Task CopyToAsync(string destinationDirectory, IProgress<StoreProgress>? progress = null, CancellationToken cancellationToken = default);
}

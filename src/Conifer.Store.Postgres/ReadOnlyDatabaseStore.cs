namespace Conifer.Store.Postgres;

/// <summary>
/// A PostgreSQL store seen by a process that does not write it (a tool's view, a standby): blobs and records read, every
/// write refused with <paramref name="refusal"/>.
/// </summary>
internal sealed class ReadOnlyDatabaseStore(PostgresLog log, Func<long> lastSequence, Func<SnapshotInfo?> latestSnapshot, long firstSequence, string refusal) : IProcessStore
{
    public long LastSequence => lastSequence();

    public long DurableSequence => lastSequence();

    public SnapshotInfo? LatestSnapshot => latestSnapshot();

    public bool IsFailed => false;

    public Task<ReadOnlyMemory<byte>?> TryGetBlobAsync(BlobId id, CancellationToken cancellationToken = default) => log.TryGetBlobAsync(id, cancellationToken);

    public Task<T> ReadDurableRecordsAsync<T>(long fromSequence, Func<IEnumerable<LogRecord>, T> read, CancellationToken cancellationToken = default) =>
        Task.Run(() => read(log.ReadRecords(Math.Max(fromSequence, firstSequence), lastSequence())), cancellationToken);

    public ValueTask<long> AppendAsync(RecordKind kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) => throw Refused();

    public long Append(RecordKind kind, ReadOnlyMemory<byte> payload) => throw Refused();

    public Task WaitDurableAsync(long sequence) => throw Refused();

    public Task<SnapshotInfo> WriteSnapshotAsync(long coversThroughSequence, Func<Stream, CancellationToken, Task> writeState, CancellationToken cancellationToken = default) => throw Refused();

    public Task<BlobId> PutBlobAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => throw Refused();

    public Task<TruncateResult> TruncateAsync(CancellationToken cancellationToken = default) => throw Refused();

    public Task CopyToAsync(string destinationDirectory, IProgress<StoreProgress>? progress = null, CancellationToken cancellationToken = default) => throw Refused();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private InvalidOperationException Refused() => new(refusal);
}

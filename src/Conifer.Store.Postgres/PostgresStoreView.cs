using Conifer.Store.Locations;
using Npgsql;

namespace Conifer.Store.Postgres;

/// <summary>A PostgreSQL store opened to read: no lease, no writes; every record checked as it is read at open.</summary>
public sealed class PostgresStoreView : IStoreView
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgresStoreView(NpgsqlDataSource dataSource, PostgresLog log, RecoveryResult recovery, PostgresLog.Head head)
    {
        _dataSource = dataSource;
        Log = log;
        Recovery = recovery;
        Head = head;
        Blobs = new ReadOnlyDatabaseBlobs(log, recovery);
        Reports = new PostgresReportShelf(dataSource, log.App);
    }

    /// <inheritdoc/>
    public RecoveryResult Recovery { get; }

    /// <inheritdoc/>
    public IProcessStore Blobs { get; }

    /// <inheritdoc/>
    public IReportShelf Reports { get; }

    /// <inheritdoc/>
    public string? CompiledCacheDirectory => null;

    /// <inheritdoc/>
    public string Location => Log.Location;

    internal PostgresLog Log { get; }

    internal PostgresLog.Head Head { get; }

    /// <summary>Reads the store's log and snapshots as a restart from <paramref name="start"/> would.</summary>
    /// <exception cref="Exceptions.StoreNotFoundException">The database holds no store for this app.</exception>
    public static async Task<IStoreView> OpenAsync(DatabaseLocation location, RecoveryStart start = RecoveryStart.NewestSnapshot, IProgress<StoreProgress>? progress = null, CancellationToken cancellationToken = default) =>
        await OpenViewAsync(location, start, progress, cancellationToken).ConfigureAwait(false);

    internal static async Task<PostgresStoreView> OpenViewAsync(DatabaseLocation location, RecoveryStart start, IProgress<StoreProgress>? progress, CancellationToken cancellationToken)
    {
        var dataSource = PostgresConnections.Create(location, "reader");
        try
        {
            await PostgresSchema.EnsureAsync(dataSource, location.Display, create: false, cancellationToken).ConfigureAwait(false);
            var log = new PostgresLog(dataSource, location.App, location.Display);
            var head = await log.ReadHeadAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new Exceptions.StoreNotFoundException(location.Display, $"the database holds no app named '{location.App}' (add ?app=NAME to the URI)");
            var scan = await Task.Run(() => log.Scan(head, progress), cancellationToken).ConfigureAwait(false);
            var recovery = log.Recovery(head, scan, start == RecoveryStart.OldestSnapshot, []);
            return new PostgresStoreView(dataSource, log, recovery, head);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private sealed class ReadOnlyDatabaseBlobs(PostgresLog log, RecoveryResult recovery) : IProcessStore
    {
        public long LastSequence => recovery.LastSequence;

        public long DurableSequence => recovery.LastSequence;

        public SnapshotInfo? LatestSnapshot => recovery.Snapshot?.Info;

        public bool IsFailed => false;

        public Task<ReadOnlyMemory<byte>?> TryGetBlobAsync(BlobId id, CancellationToken cancellationToken = default) => log.TryGetBlobAsync(id, cancellationToken);

        public ValueTask<long> AppendAsync(RecordKind kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) => throw ReadOnly();

        public long Append(RecordKind kind, ReadOnlyMemory<byte> payload) => throw ReadOnly();

        public Task WaitDurableAsync(long sequence) => throw ReadOnly();

        public Task<SnapshotInfo> WriteSnapshotAsync(long coversThroughSequence, Func<Stream, CancellationToken, Task> writeState, CancellationToken cancellationToken = default) => throw ReadOnly();

        public Task<BlobId> PutBlobAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => throw ReadOnly();

        public Task<T> ReadDurableRecordsAsync<T>(long fromSequence, Func<IEnumerable<LogRecord>, T> read, CancellationToken cancellationToken = default) =>
            Task.Run(() => read(log.ReadRecords(Math.Max(fromSequence, recovery.FirstRetainedSequence), recovery.LastSequence)), cancellationToken);

        public Task<TruncateResult> TruncateAsync(CancellationToken cancellationToken = default) => throw ReadOnly();

        public Task CopyToAsync(string destinationDirectory, IProgress<StoreProgress>? progress = null, CancellationToken cancellationToken = default) => throw ReadOnly();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private static InvalidOperationException ReadOnly() => new("This store was opened to read only; nothing can be written through it.");
    }
}

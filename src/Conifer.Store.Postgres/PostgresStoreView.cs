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
        Blobs = new ReadOnlyDatabaseStore(log, () => recovery.LastSequence, () => recovery.Snapshot?.Info, recovery.FirstRetainedSequence, "This store was opened to read only; nothing can be written through it.");
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
}

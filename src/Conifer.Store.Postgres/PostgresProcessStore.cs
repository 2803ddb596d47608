using System.Buffers.Binary;
using System.Diagnostics;
using Conifer.Store.Exceptions;
using Conifer.Store.Format;
using Conifer.Store.Locations;
using Conifer.Store.Log;
using Conifer.Store.Metrics;
using Npgsql;
using NpgsqlTypes;

namespace Conifer.Store.Postgres;

/// <summary>
/// The process store on PostgreSQL (DESIGN §8, docs/replication.md): the same records, checksums and hash chain as the
/// file store, one transaction per group-committed batch, fenced by the writer's epoch.
/// </summary>
/// <remarks>
/// One writer at a time. Opening for writing takes the lease and bumps the epoch; every batch then commits through
/// <c>conifer.append_batch</c>, which updates the head row only while that epoch is current and the head is where this
/// writer left it, in the same transaction as the rows. A stale writer's batch therefore fails before any row of it
/// exists — a lock or a unique key alone would let it win whenever the new writer had not written yet. The lease is
/// renewed in the background; a writer that cannot renew it within the TTL (by its own monotonic clock, measured from
/// the moment it sent the last renewal that succeeded) gives up before any standby could take over.
/// </remarks>
public sealed partial class PostgresProcessStore : IOwnedProcessStore
{
    /// <summary>
    /// The test-only switch that turns fencing off (the epoch check and the lease deadline), so that the fault tests can
    /// show that without it a split brain happens. Never set it anywhere else.
    /// </summary>
    public const string UnsafeNoFencingVariable = "CONIFER_TEST_UNSAFE_NO_FENCING";

    private const int MaxBatchRecords = 4096;
    private const int MaxBatchBytes = 1024 * 1024;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresLog _log;
    private readonly DatabaseLocation _location;
    private readonly ReplicationOptions _replication;
    private readonly bool _fencing;
    private readonly StoreMetrics _metrics;
    private readonly object _gate = new();
    private readonly Queue<PendingBatch> _ready = new();
    private readonly SemaphoreSlim _work = new(0, int.MaxValue);
    private readonly SemaphoreSlim _maintenance = new(1, 1);
    private readonly TaskCompletionSource<string> _writerLost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _committer;
    private readonly Thread _renewer;
    private readonly Thread _watch;
    private readonly string _compiledCache;
    // A commit takes ~0.2-5 ms; waiting a fifth of a millisecond for released appenders to come back costs little.
    private static readonly long s_arrivalTicks = Stopwatch.Frequency / 5_000;
    private PendingBatch _filling;
    private int _lastBatchCount = 1;
    private PendingBatch? _inFlight;
    private bool _committerIdle;
    private long _lastSequence;
    private ulong _lastHash;
    private long _durableSequence;
    private long _firstSequence;
    private Exception? _failure;
    private SnapshotInfo? _latestSnapshot;
    private long _latestSnapshotWrittenAtTicks;
    private long _leaseDeadline;
    private int _disposed;

    private PostgresProcessStore(NpgsqlDataSource dataSource, PostgresLog log, DatabaseLocation location, ReplicationOptions replication, long epoch, PostgresLog.Head head, RecoveryResult recovery, long leaseSentAt)
    {
        _dataSource = dataSource;
        _log = log;
        _location = location;
        _replication = replication;
        _fencing = Environment.GetEnvironmentVariable(UnsafeNoFencingVariable) != "1";
        Epoch = epoch;
        Recovery = recovery;
        _lastSequence = head.HeadSequence;
        _durableSequence = head.HeadSequence;
        _lastHash = head.HeadHash;
        _firstSequence = head.FirstSequence;
        _latestSnapshot = recovery.Snapshot?.Info ?? recovery.SnapshotReferences.LastOrDefault();
        _filling = new PendingBatch(_lastSequence + 1);
        _leaseDeadline = leaseSentAt + LeaseTicks;
        _metrics = new StoreMetrics(location.Display);
        _compiledCache = PostgresConnections.CompiledCacheFor(location);
        Reports = new PostgresReportShelf(dataSource, location.App);
        _committer = Task.Run(CommitLoopAsync);
        _renewer = new Thread(RenewLoop) { IsBackground = true, Name = "Conifer lease renewer" };
        _watch = new Thread(WatchLoop) { IsBackground = true, Name = "Conifer lease watch" };
        StartLeaseThreads();
    }

    /// <summary>The name of the meter the store's instruments are on (shared with the file store).</summary>
    public const string MeterName = FileProcessStore.MeterName;

    /// <inheritdoc/>
    public RecoveryResult Recovery { get; }

    /// <inheritdoc/>
    public string Location => _location.Display;

    /// <inheritdoc/>
    public long? Epoch { get; }

    /// <inheritdoc/>
    public IReportShelf Reports { get; }

    /// <inheritdoc/>
    public string CompiledCacheDirectory => _compiledCache;

    /// <inheritdoc/>
    public Task<string> WriterLost => _writerLost.Task;

    /// <inheritdoc/>
    public long LastSequence => Volatile.Read(ref _lastSequence);

    /// <inheritdoc/>
    public long DurableSequence => Volatile.Read(ref _durableSequence);

    /// <inheritdoc/>
    public SnapshotInfo? LatestSnapshot => Volatile.Read(ref _latestSnapshot);

    /// <inheritdoc/>
    public DateTimeOffset? LatestSnapshotWrittenAt =>
        Volatile.Read(ref _latestSnapshotWrittenAtTicks) is var ticks and not 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <inheritdoc/>
    public bool IsFailed => Volatile.Read(ref _failure) is not null;

    /// <summary>
    /// Opens the store for writing: creates or upgrades the schema, takes the writer's lease (bumping the epoch; waits up
    /// to <see cref="ReplicationOptions.LeaseWait"/> for another holder's lease to lapse), checks the whole log and picks
    /// the snapshot to start from.
    /// </summary>
    /// <exception cref="StoreLockedException">Another process holds the lease and did not let it lapse in time.</exception>
    /// <exception cref="StoreCorruptException">A record fails its checksum or chain check.</exception>
    public static async Task<IOwnedProcessStore> OpenAsync(DatabaseLocation location, ReplicationOptions? replication = null, IProgress<StoreProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        replication ??= ReplicationOptions.Default;
        var dataSource = PostgresConnections.Create(location, "writer");
        try
        {
            await PostgresSchema.EnsureAsync(dataSource, location.Display, create: true, cancellationToken).ConfigureAwait(false);
            var (epoch, sentAt) = await PostgresLease.AcquireAsync(dataSource, location, replication, cancellationToken).ConfigureAwait(false);
            return await OpenAtEpochAsync(dataSource, location, replication, epoch, sentAt, verify: true, progress, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens the writer at an epoch this process has just taken (an open, or a standby's takeover).</summary>
    internal static async Task<PostgresProcessStore> OpenAtEpochAsync(NpgsqlDataSource dataSource, DatabaseLocation location, ReplicationOptions replication, long epoch, long leaseSentAt, bool verify, IProgress<StoreProgress>? progress, CancellationToken cancellationToken)
    {
        var log = new PostgresLog(dataSource, location.App, location.Display);
        var head = await log.ReadHeadAsync(cancellationToken).ConfigureAwait(false) ?? throw new StoreNotFoundException(location.Display, $"the app '{location.App}' has no head row");
        await SweepUploadsAsync(dataSource, location.App, cancellationToken).ConfigureAwait(false);
        var scan = verify
            ? await Task.Run(() => log.Scan(head, progress), cancellationToken).ConfigureAwait(false)
            : new PostgresLog.ScanResult(0, 0, await ReadReferencesAsync(dataSource, location.App, cancellationToken).ConfigureAwait(false));
        var recovery = log.Recovery(head, scan, oldest: false, []);
        var store = new PostgresProcessStore(dataSource, log, location, replication, epoch, head, recovery, leaseSentAt);
        if (recovery.Snapshot is { } snapshot)
        {
            store._latestSnapshotWrittenAtTicks = await SnapshotWrittenAtAsync(dataSource, location.App, snapshot.CoversThroughSequence, cancellationToken).ConfigureAwait(false);
        }

        return store;
    }

    private static async Task<IReadOnlyList<SnapshotInfo>> ReadReferencesAsync(NpgsqlDataSource dataSource, string app, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT seq, frame FROM conifer.records WHERE app = $1 AND kind = 7 ORDER BY seq", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = app });
        var references = new SortedDictionary<long, SnapshotInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var record = PostgresLog.ToRecord(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));
            if (SnapshotReference.TryDecode(record.Payload.Span, record.Sequence, out var info))
            {
                references[info.CoversThroughSequence] = info;
            }
        }

        return [.. references.Values];
    }

    private static async Task<long> SnapshotWrittenAtAsync(NpgsqlDataSource dataSource, string app, long covers, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT written_at FROM conifer.snapshots WHERE app = $1 AND covers_seq = $2", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = app });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = covers });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is DateTime written ? new DateTimeOffset(written.ToUniversalTime()).UtcTicks : 0;
    }

    private static async Task SweepUploadsAsync(NpgsqlDataSource dataSource, string app, CancellationToken cancellationToken)
    {
        // Chunks of a snapshot upload that a crash interrupted: never named, never read.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("DELETE FROM conifer.blob_chunks WHERE app = $1 AND id LIKE 'upload-%'", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = app });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private void ThrowIfFailed()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Volatile.Read(ref _failure) is { } failure)
        {
            throw failure as StoreFencedException ?? new StoreFailedException(failure);
        }
    }

    /// <inheritdoc/>
    public async Task<SnapshotInfo> WriteSnapshotAsync(long coversThroughSequence, Func<Stream, CancellationToken, Task> writeState, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writeState);
        ThrowIfFailed();
        if (coversThroughSequence < 0 || coversThroughSequence > LastSequence)
        {
            throw new ArgumentOutOfRangeException(nameof(coversThroughSequence), coversThroughSequence, $"A snapshot can cover at most the last appended sequence ({LastSequence}).");
        }

        await _maintenance.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (LatestSnapshot is { } latest && latest.CoversThroughSequence >= coversThroughSequence)
            {
                return latest;
            }

            var upload = new PostgresBlobWriter.ChunkedUpload(_dataSource, _location.App);
            (long Length, ulong StateHash, string Blob) written;
            try
            {
                await using (upload.ConfigureAwait(false))
                {
                    await writeState(upload, cancellationToken).ConfigureAwait(false);
                    written = await upload.PublishAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch
            {
                await upload.AbandonAsync().ConfigureAwait(false);
                throw;
            }

            await WaitDurableAsync(coversThroughSequence).ConfigureAwait(false);
            await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
            {
                await using var command = new NpgsqlCommand(
                    "INSERT INTO conifer.snapshots (app, covers_seq, length, state_hash, blob) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (app, covers_seq) DO UPDATE SET length = excluded.length, state_hash = excluded.state_hash, blob = excluded.blob, written_at = now()",
                    connection);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _location.App });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = coversThroughSequence });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = written.Length });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = unchecked((long)written.StateHash) });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = written.Blob });
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            // The snapshot is used only once this record is committed, and it commits only under this writer's epoch.
            var reference = SnapshotReference.Encode(coversThroughSequence, written.Length, written.StateHash);
            var referenceSequence = Take(RecordKind.SnapshotReference, reference);
            await WaitDurableAsync(referenceSequence).ConfigureAwait(false);
            var info = new SnapshotInfo(coversThroughSequence, referenceSequence, written.Length, written.StateHash);
            Volatile.Write(ref _latestSnapshotWrittenAtTicks, DateTimeOffset.UtcNow.UtcTicks);
            Volatile.Write(ref _latestSnapshot, info);
            return info;
        }
        finally
        {
            _maintenance.Release();
        }
    }

    /// <inheritdoc/>
    public Task<BlobId> PutBlobAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        return PostgresBlobWriter.PutAsync(_dataSource, _location.App, content, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<ReadOnlyMemory<byte>?> TryGetBlobAsync(BlobId id, CancellationToken cancellationToken = default) => _log.TryGetBlobAsync(id, cancellationToken);

    /// <inheritdoc/>
    public async Task<T> ReadDurableRecordsAsync<T>(long fromSequence, Func<IEnumerable<LogRecord>, T> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        await _maintenance.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var last = DurableSequence;
            var from = Math.Max(fromSequence, Volatile.Read(ref _firstSequence));
            return await Task.Run(() => read(_log.ReadRecords(from, last)), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _maintenance.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<TruncateResult> TruncateAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        await _maintenance.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (LatestSnapshot is not { } snapshot)
            {
                return new TruncateResult(null, 0, 0, 0, 0);
            }

            var payload = new byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(payload, snapshot.CoversThroughSequence);
            var truncateSequence = Take(RecordKind.Truncate, payload);
            await WaitDurableAsync(truncateSequence).ConfigureAwait(false);
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // Epoch-checked like a batch: a stale writer deletes nothing.
            await using var move = new NpgsqlCommand("UPDATE conifer.heads SET first_seq = $3 WHERE app = $1 AND (epoch = $2 OR NOT $4)", connection);
            move.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _location.App });
            move.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Epoch!.Value });
            move.Parameters.Add(new NpgsqlParameter<long> { TypedValue = snapshot.CoversThroughSequence + 1 });
            move.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = _fencing });
            if (await move.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                LoseWriter("a newer writer took over the store before the truncate", null, null);
                throw new StoreFencedException("This process is no longer the store's writer; nothing was truncated.");
            }

            var records = await DeleteAsync(connection, "DELETE FROM conifer.records WHERE app = $1 AND seq <= $2", snapshot.CoversThroughSequence, cancellationToken).ConfigureAwait(false);
            var snapshots = await DeleteAsync(
                connection,
                """
                WITH gone AS (DELETE FROM conifer.snapshots WHERE app = $1 AND covers_seq < $2 RETURNING blob)
                SELECT count(*) FROM gone
                """,
                snapshot.CoversThroughSequence,
                cancellationToken,
                scalar: true).ConfigureAwait(false);
            // Blobs no snapshot and no retained record names any more are left: deploy records name their source and
            // state blobs, and a blob is small next to the log. `store verify` lists them.
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _firstSequence, snapshot.CoversThroughSequence + 1);
            return new TruncateResult(snapshot, truncateSequence, (int)Math.Min(int.MaxValue, records), (int)snapshots, 0);
        }
        finally
        {
            _maintenance.Release();
        }
    }

    private async Task<long> DeleteAsync(NpgsqlConnection connection, string sql, long covers, CancellationToken cancellationToken, bool scalar = false)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _location.App });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = covers });
        return scalar
            ? Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture)
            : await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task CopyToAsync(string destinationDirectory, IProgress<StoreProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await _maintenance.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var head = await _log.ReadHeadAsync(cancellationToken).ConfigureAwait(false) ?? throw new StoreNotFoundException(Location, "the head row is gone");
            var through = Math.Min(head.HeadSequence, DurableSequence);
            await StoreTransfer.DatabaseToFolderAsync(_log, head with { HeadSequence = through }, Path.GetFullPath(destinationDirectory), progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _maintenance.Release();
        }
    }

    /// <summary>Commits every append already taken, gives the lease back (so a standby can take over at once), and closes.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed != 0)
            {
                return;
            }

            _disposed = 1;
            if (_committerIdle)
            {
                _committerIdle = false;
                _work.Release();
            }
        }

        if (Volatile.Read(ref _failure) is not null)
        {
            // A lost or failed writer has nothing left to commit: a command still hanging on a cut connection is
            // abandoned at once, so that the process exits without waiting for it.
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await _committer.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A commit hanging on a dead connection: the lease runs out on its own.
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _watch.Join();
        // A renewal still in flight must land before the lease is given back below, or it would take it again. A lost
        // writer gives nothing back, so it does not wait for a renewal hanging on a cut connection.
        if (Volatile.Read(ref _failure) is not StoreFencedException)
        {
            _renewer.Join(TimeSpan.FromSeconds(5));
        }
        if (Volatile.Read(ref _failure) is not StoreFencedException)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await PostgresLease.ReleaseAsync(_dataSource, _location.App, Epoch!.Value, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (PostgresConnections.IsConnectionLoss(e) || e is PostgresException)
            {
                // The lease lapses by itself.
            }
        }

        Fail(new ObjectDisposedException(nameof(PostgresProcessStore)), null);
        _metrics.Dispose();
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

}

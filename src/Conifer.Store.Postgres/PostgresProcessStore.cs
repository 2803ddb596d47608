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
        _compiledCache = Path.Combine(Path.GetTempPath(), "conifer-compiled", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(location.Display + "\n" + location.App)))[..16]);
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

    private long LeaseTicks => (long)((_replication.LeaseTtl - SafetyMargin(_replication.LeaseTtl)).TotalSeconds * Stopwatch.Frequency);

    // The lease is given up this much before it ends: clocks run at slightly different rates, and the stop must be
    // complete (every waiting response refused) before a standby could act.
    private static TimeSpan SafetyMargin(TimeSpan ttl) => TimeSpan.FromMilliseconds(Math.Min(500, ttl.TotalMilliseconds / 10));

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

    /// <inheritdoc/>
    public async ValueTask<long> AppendAsync(RecordKind kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        CheckKind(kind);
        var sequence = Take(kind, payload.Span);
        await WaitDurableAsync(sequence).ConfigureAwait(false);
        return sequence;
    }

    /// <inheritdoc/>
    public long Append(RecordKind kind, ReadOnlyMemory<byte> payload)
    {
        CheckKind(kind);
        return Take(kind, payload.Span);
    }

    private static void CheckKind(RecordKind kind)
    {
        if (kind is RecordKind.Truncate or RecordKind.SnapshotReference || (ushort)kind == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "The store writes truncate and snapshot-reference records itself; kind 0 is never valid.");
        }
    }

    private long Take(RecordKind kind, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[RecordFrame.Overhead + payload.Length];
        bool wake;
        long sequence;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            if (_failure is { } failure)
            {
                throw failure as StoreFencedException ?? new StoreFailedException(failure);
            }

            if (_filling.Count >= MaxBatchRecords || (_filling.Count > 0 && _filling.Bytes + frame.Length > MaxBatchBytes))
            {
                _ready.Enqueue(_filling);
                _filling = new PendingBatch(_lastSequence + 1);
            }

            sequence = ++_lastSequence;
            _lastHash = RecordFrame.Write(frame, kind, _filling.Count, sequence, _lastHash, payload);
            _filling.Add(sequence, kind, frame, _lastHash);
            wake = _committerIdle;
            _committerIdle = false;
        }

        if (wake)
        {
            _work.Release();
        }

        return sequence;
    }

    /// <inheritdoc/>
    public Task WaitDurableAsync(long sequence)
    {
        if (sequence <= Volatile.Read(ref _durableSequence))
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            if (sequence <= _durableSequence)
            {
                return Task.CompletedTask;
            }

            if (_inFlight is { } flying && flying.Contains(sequence))
            {
                return flying.Done.Task;
            }

            foreach (var batch in _ready)
            {
                if (batch.Contains(sequence))
                {
                    return batch.Done.Task;
                }
            }

            if (_filling.Contains(sequence))
            {
                return _filling.Done.Task;
            }

            return _failure is { } failure
                ? Task.FromException(failure as StoreFailedException ?? new StoreFailedException(failure))
                : throw new ArgumentOutOfRangeException(nameof(sequence), sequence, $"No record {sequence} was appended (the last is {_lastSequence}).");
        }
    }

    private async Task CommitLoopAsync()
    {
        NpgsqlConnection? connection = null;
        NpgsqlCommand? command = null;
        try
        {
            while (true)
            {
                PendingBatch? batch;
                WaitForArrivals();
                lock (_gate)
                {
                    if (_failure is not null)
                    {
                        return;
                    }

                    batch = _ready.Count > 0 ? _ready.Dequeue() : _filling.Count > 0 ? Swap() : null;
                    _inFlight = batch;
                    if (batch is null)
                    {
                        if (_disposed != 0)
                        {
                            return;
                        }

                        _committerIdle = true;
                    }
                }

                if (batch is null)
                {
                    await _work.WaitAsync().ConfigureAwait(false);
                    continue;
                }

                var started = Stopwatch.GetTimestamp();
                try
                {
                    if (connection is null)
                    {
                        connection = await _dataSource.OpenConnectionAsync(_stop.Token).ConfigureAwait(false);
                        command = CreateAppendCommand(connection);
                        await command.PrepareAsync(_stop.Token).ConfigureAwait(false);
                    }

                    Fill(command!, batch);
                    await command!.ExecuteNonQueryAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (PostgresException e) when (e.SqlState == PostgresSchema.FencedState)
                {
                    LoseWriter($"a newer writer took over the store ({e.MessageText})", e, batch);
                    return;
                }
                catch (Exception e) when (PostgresConnections.IsConnectionLoss(e))
                {
                    // The COMMIT may or may not have happened: never acknowledged, never retried blindly. Read the head
                    // on a fresh connection to say which, then fail the store: the process reopens from what is there.
                    var decided = _stop.IsCancellationRequested
                        ? "the store was closed while the batch committed; the next open reads what is there"
                        : await DecideAsync(batch).ConfigureAwait(false);
                    Fail(new AppendOutcomeUnknownException(batch.First, batch.Last, new IOException($"{e.Message}; {decided}", e)), batch);
                    return;
                }
                catch (Exception e)
                {
                    Fail(new StoreFailedException($"Records {batch.First}..{batch.Last} were not written: {e.Message}. The store takes no more writes; reopen it.", e), batch);
                    return;
                }

                _metrics.BatchDurable(batch.Count, started, Stopwatch.GetTimestamp());
                _lastBatchCount = batch.Count;
                lock (_gate)
                {
                    _inFlight = null;
                    Volatile.Write(ref _durableSequence, batch.Last);
                }

                batch.Done.TrySetResult();
            }
        }
        finally
        {
            if (command is not null)
            {
                await command.DisposeAsync().ConfigureAwait(false);
            }

            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Before a commit, waits a moment (at most <see cref="s_arrivalTicks"/>) for the appenders the last commit released
    /// to append again: each waits for its record, then appends its next, so without this wait batches alternate
    /// between one record and all the others, and the round trips per record double.
    /// </summary>
    private void WaitForArrivals()
    {
        var wanted = _lastBatchCount;
        if (wanted <= 1)
        {
            return;
        }

        var until = Stopwatch.GetTimestamp() + s_arrivalTicks;
        var spinner = default(SpinWait);
        while (Stopwatch.GetTimestamp() < until)
        {
            lock (_gate)
            {
                if (_ready.Count > 0 || _filling.Count >= wanted || _failure is not null || _disposed != 0)
                {
                    return;
                }
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    private PendingBatch Swap()
    {
        var batch = _filling;
        _filling = new PendingBatch(_lastSequence + 1);
        return batch;
    }

    private NpgsqlCommand CreateAppendCommand(NpgsqlConnection connection)
    {
        var command = new NpgsqlCommand("SELECT conifer.append_batch($1, $2, $3, $4, $5, $6, $7, $8, $9)", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _location.App });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Epoch!.Value });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = _fencing });
        command.Parameters.Add(new NpgsqlParameter<long>());
        command.Parameters.Add(new NpgsqlParameter<long>());
        command.Parameters.Add(new NpgsqlParameter<long>());
        command.Parameters.Add(new NpgsqlParameter<long[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<short[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        return command;
    }

    private static void Fill(NpgsqlCommand command, PendingBatch batch)
    {
        ((NpgsqlParameter<long>)command.Parameters[3]).TypedValue = batch.First - 1;
        ((NpgsqlParameter<long>)command.Parameters[4]).TypedValue = batch.Last;
        ((NpgsqlParameter<long>)command.Parameters[5]).TypedValue = unchecked((long)batch.LastHash);
        ((NpgsqlParameter<long[]>)command.Parameters[6]).TypedValue = [.. batch.Sequences];
        ((NpgsqlParameter<short[]>)command.Parameters[7]).TypedValue = [.. batch.Kinds];
        ((NpgsqlParameter<byte[][]>)command.Parameters[8]).TypedValue = [.. batch.Frames];
    }

    /// <summary>After a lost COMMIT: reads the head on a fresh connection and says whether the batch is in the log.</summary>
    private async Task<string> DecideAsync(PendingBatch batch)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await using var connection = await _dataSource.OpenConnectionAsync(timeout.Token).ConfigureAwait(false);
                var head = await PostgresLog.ReadHeadAsync(connection, _location.App, timeout.Token).ConfigureAwait(false);
                if (head is null)
                {
                    return "the head row is gone";
                }

                if (head.Epoch != Epoch)
                {
                    return $"a newer writer (epoch {head.Epoch}) holds the store now";
                }

                return head.HeadSequence >= batch.Last
                    ? $"read back after reconnecting: the batch was committed (the head is at {head.HeadSequence}); the reopen will find it"
                    : $"read back after reconnecting: the batch was not committed (the head is at {head.HeadSequence}); its requests were answered 503 and may be retried";
            }
            catch (Exception e) when (PostgresConnections.IsConnectionLoss(e))
            {
                await Task.Delay(200).ConfigureAwait(false);
            }
        }

        return "the database could not be reached to read the head back; the reopen decides";
    }

    // The lease runs on two threads of its own, never on the thread pool: a deploy's compile or a burst of requests can
    // keep every pool thread busy for seconds, and a renewal or a deadline check that waits for one would lose a
    // healthy primary its lease. One thread renews (synchronous I/O, so it needs nothing else to make progress); the
    // other only watches the deadline, so that a renewal hanging on a cut connection cannot delay the stop.
    private void StartLeaseThreads()
    {
        _renewer.Start();
        _watch.Start();
    }

    private void RenewLoop()
    {
        var period = TimeSpan.FromMilliseconds(Math.Clamp(_replication.LeaseTtl.TotalMilliseconds / 5, 50, 1000));
        while (!_stop.IsCancellationRequested && Volatile.Read(ref _failure) is null)
        {
            var sentAt = Stopwatch.GetTimestamp();
            var renewed = Renew(sentAt);
            if (renewed is false && _fencing)
            {
                LoseWriter("a newer writer took over the store (the lease row names another epoch)", null, null);
                return;
            }

            var wait = period - Stopwatch.GetElapsedTime(sentAt);
            if (wait > TimeSpan.Zero && _stop.Token.WaitHandle.WaitOne(wait))
            {
                return;
            }
        }
    }

    private void WatchLoop()
    {
        while (!_stop.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(20)))
        {
            if (Volatile.Read(ref _failure) is not null)
            {
                return;
            }

            if (_fencing && Stopwatch.GetTimestamp() > Volatile.Read(ref _leaseDeadline))
            {
                LoseWriter($"it could not renew its lease within {_replication.LeaseTtl.TotalSeconds:0.###} s (the database is unreachable or too slow), so a standby may take over now", null, null);
                return;
            }
        }
    }

    /// <summary>One renewal; true when renewed, false when another epoch holds the row, null when the database could not be reached.</summary>
    private bool? Renew(long sentAt)
    {
        try
        {
            using var connection = _dataSource.OpenConnection();
            using var command = new NpgsqlCommand("UPDATE conifer.heads SET lease_until = now() + $3 WHERE app = $1 AND epoch = $2", connection);
            command.CommandTimeout = Math.Max(1, (int)Math.Ceiling(_replication.LeaseTtl.TotalSeconds / 2));
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _location.App });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Epoch!.Value });
            command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = _replication.LeaseTtl, NpgsqlDbType = NpgsqlDbType.Interval });
            var renewed = command.ExecuteNonQuery() == 1;
            if (renewed)
            {
                // Measured from when the renewal was sent: the database's lease_until is at least that plus the TTL.
                var deadline = sentAt + LeaseTicks;
                if (deadline > Volatile.Read(ref _leaseDeadline))
                {
                    Volatile.Write(ref _leaseDeadline, deadline);
                }
            }

            return renewed;
        }
        catch (Exception e) when (PostgresConnections.IsConnectionLoss(e) || e is PostgresException or InvalidOperationException)
        {
            return null;
        }
    }

    private void LoseWriter(string reason, Exception? cause, PendingBatch? batch)
    {
        Fail(new StoreFencedException($"This process is no longer the store's writer: {reason}.", cause), batch);
        _writerLost.TrySetResult(reason);
    }

    private void Fail(Exception failure, PendingBatch? batch)
    {
        List<PendingBatch> pending;
        lock (_gate)
        {
            if (_failure is not null)
            {
                return;
            }

            _failure = failure;
            pending = [.. _ready, _filling];
            if (_inFlight is { } flying)
            {
                pending.Insert(0, flying);
            }

            if (batch is not null && !pending.Contains(batch))
            {
                pending.Insert(0, batch);
            }

            _ready.Clear();
            _inFlight = null;
        }

        foreach (var waiting in pending)
        {
            waiting.Done.TrySetException(failure is AppendOutcomeUnknownException or StoreFencedException ? failure : new AppendOutcomeUnknownException(waiting.First, Math.Max(waiting.First, waiting.Last), failure));
        }
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

    /// <summary>Records taken into one transaction.</summary>
    private sealed class PendingBatch(long first)
    {
        public long First { get; } = first;

        public long Last => First + Count - 1;

        public int Count => Sequences.Count;

        public int Bytes { get; private set; }

        public ulong LastHash { get; private set; }

        public List<long> Sequences { get; } = [];

        public List<short> Kinds { get; } = [];

        public List<byte[]> Frames { get; } = [];

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Contains(long sequence) => sequence >= First && sequence <= Last;

        public void Add(long sequence, RecordKind kind, byte[] frame, ulong hash)
        {
            Sequences.Add(sequence);
            Kinds.Add((short)kind);
            Frames.Add(frame);
            Bytes += frame.Length;
            LastHash = hash;
        }
    }
}

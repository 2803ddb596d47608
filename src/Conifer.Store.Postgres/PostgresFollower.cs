using System.Diagnostics;
using Conifer.Store.Exceptions;
using Conifer.Store.Format;
using Conifer.Store.Locations;
using Npgsql;

namespace Conifer.Store.Postgres;

/// <summary>
/// A hot standby's view of a PostgreSQL store: it reads the log as the primary commits it (woken by NOTIFY, polling as
/// the fallback, since a notification can be missed), checks every checksum and chain link, watches the primary's
/// lease, and takes over once the lease has lapsed. It holds no lease and writes nothing until then.
/// </summary>
public sealed class PostgresFollower : IAsyncDisposable
{
    private const int MaxRecordBytes = 64 * 1024 * 1024;
    private readonly NpgsqlDataSource _dataSource;
    private readonly DatabaseLocation _location;
    private readonly PostgresLog _log;
    private NpgsqlConnection? _listener;
    private long _lastSequence;
    private ulong _lastHash;
    private int _notified;

    private PostgresFollower(NpgsqlDataSource dataSource, DatabaseLocation location, PostgresLog log, RecoveryResult recovery, PostgresLog.Head head)
    {
        _dataSource = dataSource;
        _location = location;
        _log = log;
        Recovery = recovery;
        _lastSequence = head.HeadSequence;
        _lastHash = head.HeadHash;
        Blobs = new ReadOnlyDatabaseStore(log, () => LastSequence, () => Recovery.Snapshot?.Info, recovery.FirstRetainedSequence, "A standby writes nothing until it takes over.");
        Reports = new PostgresReportShelf(dataSource, location.App);
        CompiledCacheDirectory = PostgresConnections.CompiledCacheFor(location);
    }

    /// <summary>What the store held when the follower opened: the snapshot and records to start the warm state from.</summary>
    public RecoveryResult Recovery { get; }

    /// <summary>The store's blobs (read only): the recorded versions and states that deploys load.</summary>
    public IProcessStore Blobs { get; }

    /// <summary>The deploy reports.</summary>
    public IReportShelf Reports { get; }

    /// <summary>Where compiled versions are cached on this machine.</summary>
    public string CompiledCacheDirectory { get; }

    /// <summary>The last record read and checked.</summary>
    public long LastSequence => Volatile.Read(ref _lastSequence);

    /// <summary>Where the store is, for people.</summary>
    public string Location => _location.Display;

    /// <summary>Opens the store to follow it: creates the tables if no primary has yet, checks the whole log.</summary>
    public static async Task<PostgresFollower> OpenAsync(DatabaseLocation location, IProgress<StoreProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var dataSource = PostgresConnections.Create(location, "standby");
        try
        {
            await PostgresSchema.EnsureAsync(dataSource, location.Display, create: true, cancellationToken).ConfigureAwait(false);
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
            await using (var command = new NpgsqlCommand("INSERT INTO conifer.heads (app) VALUES ($1) ON CONFLICT DO NOTHING", connection))
            {
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = location.App });
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var log = new PostgresLog(dataSource, location.App, location.Display);
            var head = (await log.ReadHeadAsync(cancellationToken).ConfigureAwait(false))!;
            var scan = await Task.Run(() => log.Scan(head, progress), cancellationToken).ConfigureAwait(false);
            var recovery = log.Recovery(head, scan, oldest: false, []);
            var follower = new PostgresFollower(dataSource, location, log, recovery, head);
            await follower.ListenAsync(cancellationToken).ConfigureAwait(false);
            return follower;
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        try
        {
            var listener = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            listener.Notification += (_, e) =>
            {
                if (e.Payload.StartsWith(_location.App + ":", StringComparison.Ordinal))
                {
                    Interlocked.Exchange(ref _notified, 1);
                }
            };
            await PostgresSchema.ExecuteAsync(listener, $"LISTEN {PostgresSchema.Channel}", cancellationToken).ConfigureAwait(false);
            _listener = listener;
        }
        catch (Exception e) when (PostgresConnections.IsConnectionLoss(e))
        {
            // Polling alone still finds every record; the next wait tries to listen again.
            _listener = null;
        }
    }

    /// <summary>
    /// Waits up to <paramref name="poll"/> for a commit notification (or not at all when one already came), then reads
    /// the records after <see cref="LastSequence"/> (at most <paramref name="max"/>), checking each one's checksum,
    /// sequence and chain link.
    /// </summary>
    /// <exception cref="StoreCorruptException">A record fails its checks.</exception>
    /// <exception cref="FollowerBehindTruncateException">The records this follower needs next were truncated away: reopen it.</exception>
    public async Task<IReadOnlyList<(LogRecord Record, long CommittedAtMs)>> ReadNewAsync(TimeSpan poll, int max = 4096, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _notified, 0) == 0)
        {
            if (_listener is null)
            {
                await ListenAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                if (_listener is { } listener)
                {
                    await listener.WaitAsync(poll, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await Task.Delay(poll, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (PostgresConnections.IsConnectionLoss(e) && e is not OperationCanceledException)
            {
                await DropListenerAsync().ConfigureAwait(false);
            }

            Interlocked.Exchange(ref _notified, 0);
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "SELECT seq, frame, (extract(epoch FROM committed_at) * 1000)::bigint FROM conifer.records WHERE app = $1 AND seq > $2 ORDER BY seq LIMIT $3", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _location.App });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = _lastSequence });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = max });
        var records = new List<(LogRecord, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var sequence = reader.GetInt64(0);
            var frame = await reader.GetFieldValueAsync<byte[]>(1, cancellationToken).ConfigureAwait(false);
            if (sequence != _lastSequence + 1)
            {
                throw new FollowerBehindTruncateException(_lastSequence, sequence);
            }

            var status = RecordFrame.Check(frame, MaxRecordBytes, out var parsed);
            if (status != FrameStatus.Valid || parsed.Sequence != sequence || (_lastSequence > 0 && parsed.PreviousHash != _lastHash))
            {
                throw new StoreCorruptException($"{_location.Display} (app {_location.App}, table conifer.records)", 0, sequence, status != FrameStatus.Valid ? $"the record's frame is not valid ({status})" : "the record does not chain to the one before it", _lastHash, parsed.PreviousHash);
            }

            _lastSequence = sequence;
            _lastHash = parsed.ActualHash;
            records.Add((PostgresLog.ToRecord(sequence, frame), reader.GetInt64(2)));
        }

        return records;
    }

    private async Task DropListenerAsync()
    {
        if (_listener is { } listener)
        {
            _listener = null;
            await listener.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The primary's lease and the head as the database sees them now.</summary>
    public async Task<LeaseState> ReadLeaseAsync(CancellationToken cancellationToken = default)
    {
        var head = await _log.ReadHeadAsync(cancellationToken).ConfigureAwait(false) ?? throw new StoreNotFoundException(_location.Display, "the head row is gone");
        return new LeaseState(head.Epoch, head.Holder, head.PublicUrl, head.LeaseValid, head.HeadSequence, head.MillisSinceHead);
    }

    /// <summary>
    /// Takes over as the writer if the primary's lease has lapsed (database clock) and the epoch is still
    /// <paramref name="followedEpoch"/>: bumps the epoch and opens the store for writing at it. Returns null when the
    /// lease is alive or another standby won. The caller reads any records after its own last one from the returned
    /// store before it serves.
    /// </summary>
    public async Task<IOwnedProcessStore?> TryTakeOverAsync(ReplicationOptions replication, long followedEpoch, CancellationToken cancellationToken = default)
    {
        var sentAt = Stopwatch.GetTimestamp();
        if (await PostgresLease.TryTakeAsync(_dataSource, _location.App, replication with { Holder = replication.Holder }, followedEpoch, cancellationToken).ConfigureAwait(false) is not { } epoch)
        {
            return null;
        }

        // The writer gets a data source of its own: this follower's is disposed with it.
        var dataSource = PostgresConnections.Create(_location, "writer");
        try
        {
            return await PostgresProcessStore.OpenAtEpochAsync(dataSource, _location, replication, epoch, sentAt, verify: false, null, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await DropListenerAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The primary's lease and the head, as a standby reads them.</summary>
    /// <param name="Epoch">The current writer epoch.</param>
    /// <param name="Holder">Who holds (or last held) the lease.</param>
    /// <param name="PrimaryUrl">The public URL the holder announced.</param>
    /// <param name="Alive">Whether the lease is still running (database clock).</param>
    /// <param name="HeadSequence">The last committed record.</param>
    /// <param name="MillisSinceHead">How long ago the last batch committed.</param>
    public sealed record LeaseState(long Epoch, string? Holder, string? PrimaryUrl, bool Alive, long HeadSequence, double MillisSinceHead);
}

/// <summary>The records a follower needs next were truncated away by the primary: it must reopen from the newest snapshot.</summary>
public sealed class FollowerBehindTruncateException(long applied, long firstAvailable)
    : Exception($"The standby has applied up to record {applied}, but the log now continues at {firstAvailable}: the primary truncated the records between. The standby reopens from the newest snapshot.")
{
}

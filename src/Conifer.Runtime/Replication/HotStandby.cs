using System.Diagnostics;
using Conifer.Compiler;
using Conifer.Runtime.Restore;
using Conifer.Runtime.Versions;
using Conifer.Runtime.Writer;
using Conifer.Store;
using Conifer.Store.Locations;
using Conifer.Store.Postgres;

namespace Conifer.Runtime.Replication;

/// <summary>
/// A warm follower of a replicated store (DESIGN §8): it restores the state as a restart would, then applies every
/// record the primary commits as it arrives — events through the app, deploys through their recorded state and
/// compiled version, never running a migration again — and takes over once the primary's lease has lapsed.
/// </summary>
public sealed class HotStandby : IAsyncDisposable
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(200);
    private readonly RuntimeOptions _options;
    private readonly DatabaseLocation _location;
    private readonly IProgress<RestoreProgress>? _progress;
    private PostgresFollower _follower;
    private VersionLoader _versions;
    private ProcessState _state;
    private PostgresFollower.LeaseState? _lease;
    private long _applied;
    private double _lagMilli;
    private readonly List<double> _lagSamples = [];

    private HotStandby(RuntimeOptions options, DatabaseLocation location, IProgress<RestoreProgress>? progress, PostgresFollower follower, VersionLoader versions, ProcessState state)
    {
        _options = options;
        _location = location;
        _progress = progress;
        _follower = follower;
        _versions = versions;
        _state = state;
        _applied = follower.LastSequence;
    }

    /// <summary>Where this standby is: role, the epoch of the primary it follows, the primary's URL and the lag.</summary>
    public ReplicationStatus Status
    {
        get
        {
            var lease = Volatile.Read(ref _lease);
            var applied = Volatile.Read(ref _applied);
            return new ReplicationStatus(ProcessRole.Standby, lease?.Epoch, lease?.PrimaryUrl, applied, Math.Max(applied, lease?.HeadSequence ?? applied), Volatile.Read(ref _lagMilli));
        }
    }

    /// <summary>The milliseconds between a record's commit and its application here, for every record applied so far (for measurements).</summary>
    public IReadOnlyList<double> LagSamples
    {
        get
        {
            lock (_lagSamples)
            {
                return [.. _lagSamples];
            }
        }
    }

    /// <summary>How the takeover went, for the server's log; null until this standby took over.</summary>
    public string? TakeoverNote { get; private set; }

    /// <summary>Opens the store to follow it and restores the state from its newest snapshot and the records after.</summary>
    public static async Task<HotStandby> OpenAsync(DatabaseLocation location, RuntimeOptions options, IProgress<RestoreProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var (follower, versions, state) = await FollowAsync(location, options, progress, cancellationToken).ConfigureAwait(false);
        var standby = new HotStandby(options, location, progress, follower, versions, state);
        // Read at once, so that the standby names the primary from its first answer on.
        standby._lease = await follower.ReadLeaseAsync(cancellationToken).ConfigureAwait(false);
        return standby;
    }

    private static async Task<(PostgresFollower, VersionLoader, ProcessState)> FollowAsync(DatabaseLocation location, RuntimeOptions options, IProgress<RestoreProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new RestoreProgress("opening-store", 0, 0));
        var follower = await PostgresFollower.OpenAsync(location, null, cancellationToken).ConfigureAwait(false);
        try
        {
            var versions = new VersionLoader(follower.Blobs, new CompiledAppCache(follower.CompiledCacheDirectory));
            var state = await new Restorer(follower.Blobs, versions, progress, bound: ReplayBound.For(options), cancellationToken: cancellationToken)
                .RestoreAsync(follower.Recovery).ConfigureAwait(false);
            return (follower, versions, state);
        }
        catch
        {
            await follower.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Follows the primary until its lease lapses and this standby wins the takeover, then returns the live process:
    /// the writer at the new epoch, with the warm state brought to the head. Another standby that wins first just
    /// becomes the primary this one follows.
    /// </summary>
    public async Task<LiveProcess> RunUntilTakeOverAsync(ReplicationOptions replication, CancellationToken cancellationToken)
    {
        var restorer = new Restorer(_follower.Blobs, _versions, null, bound: ReplayBound.For(_options), cancellationToken: cancellationToken);
        while (true)
        {
            IReadOnlyList<(LogRecord Record, long CommittedAtMs)> batch;
            try
            {
                batch = await _follower.ReadNewAsync(s_poll, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (FollowerBehindTruncateException)
            {
                await ReopenAsync(cancellationToken).ConfigureAwait(false);
                restorer = new Restorer(_follower.Blobs, _versions, null, bound: ReplayBound.For(_options), cancellationToken: cancellationToken);
                continue;
            }

            if (batch.Count > 0)
            {
                _state = await restorer.ApplyAllAsync(_state, batch.Select(b => b.Record)).ConfigureAwait(false);
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                lock (_lagSamples)
                {
                    foreach (var (_, committed) in batch)
                    {
                        _lagSamples.Add(Math.Max(0, now - committed));
                    }
                }

                Volatile.Write(ref _applied, batch[^1].Record.Sequence);
                Volatile.Write(ref _lagMilli, Math.Max(0, now - batch[^1].CommittedAtMs));
                continue;
            }

            var lease = await _follower.ReadLeaseAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _lease, lease);
            if (lease.HeadSequence <= _applied)
            {
                Volatile.Write(ref _lagMilli, 0);
            }

            if (lease.Alive)
            {
                continue;
            }

            var started = Stopwatch.GetTimestamp();
            var store = await _follower.TryTakeOverAsync(replication, lease.Epoch, cancellationToken).ConfigureAwait(false);
            if (store is null)
            {
                continue;
            }

            try
            {
                // Whatever the old primary committed after this standby's last read is read now, before serving.
                var versions = new VersionLoader(store, _versions.Cache);
                if (_state.Version is { } running)
                {
                    versions.Register(running);
                }

                var catchUp = new Restorer(store, versions, null, bound: ReplayBound.For(_options), cancellationToken: cancellationToken);
                var state = _state;
                var from = _applied + 1;
                var records = await store.ReadDurableRecordsAsync(from, rs => rs.ToList(), cancellationToken).ConfigureAwait(false);
                state = await catchUp.ApplyAllAsync(state, records).ConfigureAwait(false);
                var process = LiveProcess.FromRestored(store, _options, versions, state);
                TakeoverNote = $"took over as primary at epoch {store.Epoch} after the lease of {lease.Holder ?? "the primary"} lapsed ({records.Count} record(s) caught up in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms)";
                return process;
            }
            catch
            {
                await store.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    private async Task ReopenAsync(CancellationToken cancellationToken)
    {
        await _follower.DisposeAsync().ConfigureAwait(false);
        (_follower, _versions, _state) = await FollowAsync(_location, _options, _progress, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _applied, _follower.LastSequence);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _follower.DisposeAsync();
}

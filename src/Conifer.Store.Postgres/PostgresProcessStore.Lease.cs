using System.Diagnostics;
using Conifer.Store.Exceptions;
using Conifer.Store.Format;
using Npgsql;
using NpgsqlTypes;

namespace Conifer.Store.Postgres;

/// <summary>The writer's lease: renewed in the background, given up by this process's own clock.</summary>
public sealed partial class PostgresProcessStore
{
    private long LeaseTicks => (long)((_replication.LeaseTtl - SafetyMargin(_replication.LeaseTtl)).TotalSeconds * Stopwatch.Frequency);

    // The lease is given up this much before it ends: clocks run at slightly different rates, and the stop must be
    // complete (every waiting response refused) before a standby could act.
    private static TimeSpan SafetyMargin(TimeSpan ttl) => TimeSpan.FromMilliseconds(Math.Min(500, ttl.TotalMilliseconds / 10));

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
}

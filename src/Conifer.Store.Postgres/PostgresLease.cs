using System.Diagnostics;
using Conifer.Store.Exceptions;
using Conifer.Store.Locations;
using Npgsql;
using NpgsqlTypes;

namespace Conifer.Store.Postgres;

/// <summary>
/// The writer's lease and epoch, kept in the app's row of <c>conifer.heads</c> and timed by the database's clock.
/// Taking the lease bumps the epoch in the same statement, so two processes racing for it cannot both win: the row
/// lock makes the second re-read a lease that is no longer lapsed.
/// </summary>
internal static class PostgresLease
{
    /// <summary>
    /// Takes the lease for writing, waiting up to <see cref="ReplicationOptions.LeaseWait"/> (default: the TTL plus one
    /// second) for another holder's lease to lapse. Returns the new epoch and when the taking statement was sent.
    /// </summary>
    public static async Task<(long Epoch, long SentAt)> AcquireAsync(NpgsqlDataSource dataSource, DatabaseLocation location, ReplicationOptions replication, CancellationToken cancellationToken)
    {
        var wait = replication.LeaseWait ?? replication.LeaseTtl + TimeSpan.FromSeconds(1);
        var started = Stopwatch.GetTimestamp();
        await EnsureRowAsync(dataSource, location.App, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var sentAt = Stopwatch.GetTimestamp();
            if (await TryTakeAsync(dataSource, location.App, replication, null, cancellationToken).ConfigureAwait(false) is { } epoch)
            {
                return (epoch, sentAt);
            }

            if (Stopwatch.GetElapsedTime(started) >= wait)
            {
                var head = await new PostgresLog(dataSource, location.App, location.Display).ReadHeadAsync(cancellationToken).ConfigureAwait(false);
                throw new StoreLeaseHeldException(location.Display, location.App, head?.Holder, head?.PublicUrl);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task EnsureRowAsync(NpgsqlDataSource dataSource, string app, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("INSERT INTO conifer.heads (app) VALUES ($1) ON CONFLICT DO NOTHING", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = app });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes the lease if it has lapsed (or is this holder's own), bumping the epoch; with <paramref name="expectedEpoch"/>,
    /// only if the epoch is still that one (a standby that followed epoch N takes over N + 1, never a later writer's).
    /// Returns the new epoch, or null when someone else holds a live lease.
    /// </summary>
    public static async Task<long?> TryTakeAsync(NpgsqlDataSource dataSource, string app, ReplicationOptions replication, long? expectedEpoch, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            UPDATE conifer.heads
               SET epoch = epoch + 1, holder = $2, public_url = $3, lease_until = now() + $4
             WHERE app = $1
               AND (lease_until IS NULL OR lease_until < now() OR holder = $2)
               AND ($5::bigint IS NULL OR epoch = $5)
            RETURNING epoch
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = app });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = replication.Holder });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)replication.PublicUrl ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = replication.LeaseTtl, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)expectedEpoch ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long epoch ? epoch : null;
    }

    /// <summary>Gives the lease back (a clean stop), so that a standby takes over without waiting for it to lapse.</summary>
    public static async Task ReleaseAsync(NpgsqlDataSource dataSource, string app, long epoch, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("UPDATE conifer.heads SET lease_until = NULL WHERE app = $1 AND epoch = $2", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = app });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = epoch });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

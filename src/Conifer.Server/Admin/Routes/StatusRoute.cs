using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Admin.Routes;

/// <summary>
/// <c>GET /api/status</c>: what is running, since when, how far a restore has come, the role (primary or
/// standby), the writer epoch and how far a standby lags behind the primary (records and milliseconds), and the numbers the
/// admin page shows: events logged (two readings and their <c>now</c> give the event rate) and the
/// newest snapshot (the sequence it covers, how many records a restart would replay after it, and
/// the state's size in bytes when it was written).
/// </summary>
internal static class StatusRoute
{
    public static Task HandleAsync(HttpContext context, ProcessHolder holder)
    {
        var process = holder.Process;
        var snapshot = process?.LatestSnapshot;
        var replication = holder.Replication;
        var now = DateTimeOffset.UtcNow;
        return Json.Write(context, StatusCodes.Status200OK, new
        {
            FormatVersion = 1,
            holder.Status,
            holder.Role,
            replication?.Epoch,
            replication?.PrimaryUrl,
            Lag = replication is null ? null : new
            {
                Records = replication.LagRecords,
                Milli = replication.LagMilli,
                replication.AppliedSequence,
                replication.HeadSequence,
            },
            holder.StartedAt,
            UptimeSeconds = (now - holder.StartedAt).TotalSeconds,
            process?.VersionId,
            process?.LastSequence,
            holder.Progress,
            holder.Error,
            Now = now,
            EventsLogged = process?.LoggedEvents,
            // What the open of the store repaired: never silent, so that a cut tail is seen where the state is.
            StoreRepairs = process?.StoreRepairs.Select(r => new { Kind = r.Kind.ToString(), r.File, r.Offset, r.Bytes, r.Records, r.LastKeptSequence, r.Reason, Text = r.ToString() }),
            LastSnapshot = snapshot is null || process is null ? null : new
            {
                snapshot.CoversThroughSequence,
                RecordsBehind = process.LastSequence - snapshot.CoversThroughSequence,
                StateBytes = snapshot.Length,
                WrittenAt = process.LatestSnapshotWrittenAt,
            },
        });
    }
}

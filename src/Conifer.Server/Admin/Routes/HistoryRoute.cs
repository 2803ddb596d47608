using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Admin.Routes;

/// <summary><c>GET /api/history</c>: every deploy attempt, oldest first, with outcome, versions and pause; and every repair an open of the store made.</summary>
internal static class HistoryRoute
{
    public static async Task HandleAsync(HttpContext context, ProcessHolder holder)
    {
        if (await RequireProcess.GetAsync(context, holder).ConfigureAwait(false) is not { } process)
        {
            return;
        }
        var deploys = process.Reports.All().Select(r => new
        {
            r.Id,
            r.BeganAt,
            r.Outcome,
            r.Mode,
            r.DryRun,
            r.PreviousVersionId,
            r.NewVersionId,
            r.Sequence,
            r.PauseMilli,
            r.TotalMilli,
            r.Error,
            r.Revert,
        });
        await Json.Write(context, StatusCodes.Status200OK, new
        {
            FormatVersion = 1,
            process.VersionId,
            process.LastSequence,
            Deploys = deploys,
            StoreRepairs = (process.StoreFolder is { } folder ? Conifer.Store.Repairs.RepairJournal.Read(folder) : []).Select(r => new { r.At, Kind = r.Kind.ToString(), r.File, r.Offset, r.Bytes, r.Records, r.LastKeptSequence, r.Reason, Text = r.ToString() }),
        }).ConfigureAwait(false);
    }
}

using Conifer.Runtime.Reports;
using Conifer.Runtime.Revert;
using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Admin.Routes;

/// <summary>
/// <c>GET /api/revert/{id}</c>: what returning to deploy <c>id</c> (a record number or a report id)
/// would discard, changing nothing. <c>POST /api/revert/{id}</c>: do it, as a new logged deploy; 200 +
/// report, 422 + report when rejected, 404 for an id that names no committed deploy, 409 when the deploy
/// can no longer be returned to (its record was truncated away, a blob is missing).
/// </summary>
internal static class RevertRoute
{
    public static Task PreviewAsync(HttpContext context, ProcessHolder holder, string id) => HandleAsync(context, holder, id, dryRun: true);

    public static Task RevertAsync(HttpContext context, ProcessHolder holder, string id) => HandleAsync(context, holder, id, dryRun: false);

    private static async Task HandleAsync(HttpContext context, ProcessHolder holder, string id, bool dryRun)
    {
        if (await RequireProcess.GetAsync(context, holder).ConfigureAwait(false) is not { } process)
        {
            return;
        }
        var result = await process.RevertAsync(id, dryRun, context.RequestAborted).ConfigureAwait(false);
        await (result switch
        {
            RevertResult.Planned planned => Json.Write(context, StatusCodes.Status200OK, new
            {
                planned.Plan.ToSequence,
                planned.Plan.ToReportId,
                planned.Plan.VersionId,
                planned.Plan.DeployedAt,
                planned.Plan.DiscardedEvents,
                planned.Plan.DiscardedAdminChanges,
                planned.Plan.DiscardedDeploys,
                planned.Plan.ThroughSequence,
                RunningVersionId = process.VersionId,
            }),
            RevertResult.Finished finished => Json.Write(context,
                finished.Report.Outcome == DeployOutcome.Rejected ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK, finished.Report),
            RevertResult.UnknownDeploy unknown => Json.Write(context, StatusCodes.Status404NotFound, new { unknown.Error, KnownDeploys = unknown.Known }),
            RevertResult.Unavailable unavailable => Json.Error(context, StatusCodes.Status409Conflict, unavailable.Error),
            _ => throw new InvalidOperationException($"{nameof(RevertRoute)}.{nameof(HandleAsync)}: unhandled result {result.GetType().Name}."),
        }).ConfigureAwait(false);
    }
}

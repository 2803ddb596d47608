using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Admin.Routes;

/// <summary><c>POST /api/truncate</c>: drop log history before the newest snapshot; says what was freed.</summary>
internal static class TruncateRoute
{
    public static async Task HandleAsync(HttpContext context, ProcessHolder holder)
    {
        if (await RequireProcess.GetAsync(context, holder).ConfigureAwait(false) is not { } process)
        {
            return;
        }
        var result = await process.TruncateAsync(context.RequestAborted).ConfigureAwait(false);
        await Json.Write(context, StatusCodes.Status200OK, new
        {
            KeptFromSnapshot = result.KeptFromSnapshot?.CoversThroughSequence,
            result.TruncateSequence,
            result.SegmentsDeleted,
            result.SnapshotsDeleted,
            result.BytesFreed,
        }).ConfigureAwait(false);
    }
}

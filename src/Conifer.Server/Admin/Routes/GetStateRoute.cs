using Conifer.Values.Codecs;
using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Admin.Routes;

/// <summary><c>GET /api/state</c>: the current state in the value tree's JSON form, stamped with its version.</summary>
internal static class GetStateRoute
{
    public static async Task HandleAsync(HttpContext context, ProcessHolder holder)
    {
        if (await RequireProcess.GetAsync(context, holder).ConfigureAwait(false) is not { } process)
        {
            return;
        }
        var (versionId, state) = await process.ReadStateAsync(context.RequestAborted).ConfigureAwait(false);
        if (state is null)
        {
            await Json.Error(context, StatusCodes.Status404NotFound, "No app is deployed, so there is no state yet.").ConfigureAwait(false);
            return;
        }
        context.Response.Headers["X-Conifer-Version"] = versionId;
        await Json.RawJson(context, StatusCodes.Status200OK, ValueJsonCodec.Write(state, indented: true)).ConfigureAwait(false);
    }
}

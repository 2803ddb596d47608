using Conifer.Runtime;
using Conifer.Values;
using Conifer.Values.Codecs;
using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Admin.Routes;

/// <summary>
/// <c>PUT /api/state?from-version=ID</c>: replace the state with a JSON tree (a set-state event). A tree
/// of an earlier version (<c>from-version</c>, an export's stamp) first goes through the running version's
/// migration steps from that version on. The result is read as the running <c>State</c> with the lenient
/// check; a mismatch or a version no chain reaches changes nothing and says why.
/// </summary>
internal static class PutStateRoute
{
    public static async Task HandleAsync(HttpContext context, ProcessHolder holder)
    {
        if (await RequireProcess.GetAsync(context, holder).ConfigureAwait(false) is not { } process)
        {
            return;
        }
        var body = await Body.ReadAsync(context).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }
        Value tree;
        try
        {
            tree = ValueJsonCodec.Parse(body, ValueLimits.UntrustedData);
        }
        catch (ValueFormatException e)
        {
            await Json.Error(context, StatusCodes.Status400BadRequest, $"The body is not a state in the value tree's JSON form: {e.Message}").ConfigureAwait(false);
            return;
        }
        var fromVersion = context.Request.Query["from-version"].ToString() is { Length: > 0 } stamp ? stamp : null;
        switch (await process.SetStateAsync(tree, fromVersion, context.RequestAborted).ConfigureAwait(false))
        {
            case SetStateResult.Applied applied:
                await Json.Write(context, StatusCodes.Status200OK, new { applied.Sequence, applied.MigratedThrough }).ConfigureAwait(false);
                break;
            case SetStateResult.Refused refused:
                await Json.Write(context, StatusCodes.Status422UnprocessableEntity, new
                {
                    Error = "The state does not fit the running app's State type; nothing was changed.",
                    Mismatches = refused.Errors,
                }).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"{nameof(PutStateRoute)}.{nameof(HandleAsync)}: unhandled set-state result.");
        }
    }
}

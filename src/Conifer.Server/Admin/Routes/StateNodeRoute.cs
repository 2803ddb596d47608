using System.Globalization;
using Conifer.Server.Admin.StateBrowser;
using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Admin.Routes;

/// <summary>
/// <c>GET /api/state/node?path=&amp;offset=&amp;limit=</c>: one level of the state tree (the node's kind,
/// child count and one page of children with short previews), so that the admin page can browse a
/// large state without downloading it. Paths are written as mismatches and diffs print them.
/// </summary>
internal static class StateNodeRoute
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static async Task HandleAsync(HttpContext context, ProcessHolder holder, StateTreeCache cache)
    {
        if (await RequireProcess.GetAsync(context, holder).ConfigureAwait(false) is not { } process)
        {
            return;
        }
        var offset = ReadInt(context, "offset", 0);
        var limit = ReadInt(context, "limit", DefaultLimit);
        if (offset is null or < 0 || limit is null or < 1 or > MaxLimit)
        {
            await Json.Error(context, StatusCodes.Status400BadRequest, $"offset must be a whole number from 0, and limit one from 1 to {MaxLimit}.").ConfigureAwait(false);
            return;
        }
        var text = context.Request.Query["path"].ToString();
        var parse = StatePath.Parse(text.Length == 0 ? "$" : text);
        if (parse is StatePathParse.Malformed malformed)
        {
            await Json.Error(context, StatusCodes.Status400BadRequest, $"'{text}' is not a state path: {malformed.Reason}").ConfigureAwait(false);
            return;
        }
        var path = ((StatePathParse.Parsed)parse).Path;
        var (versionId, state) = await cache.ReadAsync(process, context.RequestAborted).ConfigureAwait(false);
        if (state is null)
        {
            await Json.Error(context, StatusCodes.Status404NotFound, "No app is deployed, so there is no state yet.").ConfigureAwait(false);
            return;
        }
        switch (path.Resolve(state))
        {
            case StatePathResult.Found found:
                await Json.Write(context, StatusCodes.Status200OK, StateNodeView.Of(path, found.Node, versionId, offset.Value, limit.Value)).ConfigureAwait(false);
                break;
            case StatePathResult.Missing missing:
                await Json.Error(context, StatusCodes.Status404NotFound, $"The state has no node at {path}: {missing.Reason}").ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"{nameof(StateNodeRoute)}.{nameof(HandleAsync)}: unhandled path result.");
        }
    }

    private static int? ReadInt(HttpContext context, string name, int absent) =>
        !context.Request.Query.TryGetValue(name, out var values) ? absent
        : int.TryParse(values.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : null;
}

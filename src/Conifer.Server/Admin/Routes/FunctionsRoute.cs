using System.Collections.Immutable;
using Conifer.Runtime.Admin;
using Conifer.Values;
using Conifer.Values.Codecs;
using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Admin.Routes;

/// <summary>
/// <c>GET /api/functions</c> lists the running version's admin functions; <c>POST /api/functions/{name}?commit=</c>
/// runs one with a JSON array of arguments (value tree form): a dry run unless committed, and a
/// refusal (unknown function, bad arguments, commit of a read, a throw) changes nothing.
/// </summary>
internal static class FunctionsRoute
{
    public static async Task ListAsync(HttpContext context, ProcessHolder holder)
    {
        if (await RequireProcess.GetAsync(context, holder).ConfigureAwait(false) is not { } process)
        {
            return;
        }
        await Json.RawJson(context, StatusCodes.Status200OK, AdminCallJson.Functions(process.AdminFunctions).ToJsonString(AdminCallJson.Options)).ConfigureAwait(false);
    }

    public static async Task ApplyAsync(HttpContext context, ProcessHolder holder, string name)
    {
        if (await RequireProcess.GetAsync(context, holder).ConfigureAwait(false) is not { } process)
        {
            return;
        }
        if (QueryFlag.Read(context, "commit") is not { } commit)
        {
            await Json.Error(context, StatusCodes.Status400BadRequest, "commit must be true or false.").ConfigureAwait(false);
            return;
        }
        if (await Body.ReadAsync(context).ConfigureAwait(false) is not { } body)
        {
            return;
        }
        ImmutableArray<Value> arguments;
        try
        {
            arguments = body.Length == 0 ? [] : ValueJsonCodec.Parse(body, ValueLimits.UntrustedData) switch
            {
                Value.List list => list.Items,
                var other => throw new ValueFormatException(0, $"expected a JSON array of arguments, got {other.Kind}"),
            };
        }
        catch (ValueFormatException e)
        {
            await Json.Error(context, StatusCodes.Status400BadRequest, $"The body must be a JSON array of arguments in the value tree's JSON form: {e.Message}").ConfigureAwait(false);
            return;
        }
        var result = await process.ApplyFunctionAsync(name, arguments, commit, context.RequestAborted).ConfigureAwait(false);
        await Json.RawJson(context, AdminCallStatus.Of(result), AdminCallJson.Of(result).ToJsonString(AdminCallJson.Options)).ConfigureAwait(false);
    }
}

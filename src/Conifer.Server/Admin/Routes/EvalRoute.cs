using System.Text;
using Conifer.Runtime.Admin;
using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Admin.Routes;

/// <summary>
/// <c>POST /api/eval?commit=</c>: the body is a C# expression over <c>state</c>. Read-only by default;
/// with commit it must return the State and is logged as one record. A script that does not compile,
/// breaks a rule, throws or runs too long changes nothing.
/// </summary>
internal static class EvalRoute
{
    public static async Task HandleAsync(HttpContext context, ProcessHolder holder)
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
        var source = Encoding.UTF8.GetString(body);
        if (string.IsNullOrWhiteSpace(source))
        {
            await Json.Error(context, StatusCodes.Status400BadRequest, "The body must be a C# expression over state, e.g. state.Count.").ConfigureAwait(false);
            return;
        }
        var result = await process.EvalAsync(source, commit, context.RequestAborted).ConfigureAwait(false);
        await Json.RawJson(context, AdminCallStatus.Of(result), AdminCallJson.Of(result).ToJsonString(AdminCallJson.Options)).ConfigureAwait(false);
    }
}

using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Admin.Routes;

/// <summary><c>GET /api/reports/{id}</c>: one deploy report.</summary>
internal static class ReportRoute
{
    public static async Task HandleAsync(HttpContext context, ProcessHolder holder)
    {
        if (await RequireProcess.GetAsync(context, holder).ConfigureAwait(false) is not { } process)
        {
            return;
        }
        var id = context.Request.RouteValues["id"] as string ?? "";
        if (process.Reports.Find(id) is { } report)
        {
            await Json.Write(context, StatusCodes.Status200OK, report).ConfigureAwait(false);
            return;
        }
        await Json.Error(context, StatusCodes.Status404NotFound, $"No deploy report with id '{id}'. GET /api/history lists them.").ConfigureAwait(false);
    }
}

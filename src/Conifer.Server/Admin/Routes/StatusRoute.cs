using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Admin.Routes;

/// <summary><c>GET /api/status</c>: what is running, since when, and how far a restore has come.</summary>
internal static class StatusRoute
{
    public static Task HandleAsync(HttpContext context, ProcessHolder holder) =>
        Json.Write(context, StatusCodes.Status200OK, new
        {
            FormatVersion = 1,
            holder.Status,
            holder.StartedAt,
            UptimeSeconds = (DateTimeOffset.UtcNow - holder.StartedAt).TotalSeconds,
            holder.Process?.VersionId,
            holder.Process?.LastSequence,
            holder.Progress,
            holder.Error,
        });
}

using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Admin.Routes;

/// <summary><c>GET /health/live</c> and <c>GET /health/ready</c>: no password; ready once the state is restored.</summary>
internal static class HealthRoutes
{
    public static Task LiveAsync(HttpContext context) => Json.Write(context, StatusCodes.Status200OK, new { Status = "live" });

    public static Task ReadyAsync(HttpContext context, ProcessHolder holder) =>
        holder.Status == ProcessStatus.Ready
            ? Json.Write(context, StatusCodes.Status200OK, new { Status = "ready" })
            : Json.Write(context, StatusCodes.Status503ServiceUnavailable, new { holder.Status, holder.Progress, holder.Error });
}

using Conifer.Runtime;
using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Admin;

/// <summary>Admin routes that need the restored process answer 503 with the reason while it is not there (restoring, failed, standby, fenced).</summary>
internal static class RequireProcess
{
    public static async Task<LiveProcess?> GetAsync(HttpContext context, ProcessHolder holder)
    {
        if (holder.Process is { } process)
        {
            return process;
        }
        var why = holder.Status switch
        {
            ProcessStatus.Failed => $"The process failed to restore: {holder.Error}",
            ProcessStatus.Standby => holder.Replication?.PrimaryUrl is { } primary
                ? $"This server is a standby and serves nothing until it takes over; the primary is at {primary}. Use the primary's admin interface."
                : "This server is a standby and serves nothing until it takes over. Use the primary's admin interface.",
            ProcessStatus.Fenced => $"This server is no longer the primary and serves nothing: {holder.Error}",
            ProcessStatus.Restoring or ProcessStatus.Ready => $"The process is still being restored ({holder.Progress?.Phase ?? "starting"}); try again shortly.",
            var other => throw new InvalidOperationException($"{nameof(RequireProcess)}.{nameof(GetAsync)}: unhandled status {other}."),
        };
        await Json.Error(context, StatusCodes.Status503ServiceUnavailable, why).ConfigureAwait(false);
        return null;
    }
}

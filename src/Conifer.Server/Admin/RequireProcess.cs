using Conifer.Runtime;
using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Admin;

/// <summary>Admin routes that need the restored process answer 503 with the reason until it is there.</summary>
internal static class RequireProcess
{
    public static async Task<LiveProcess?> GetAsync(HttpContext context, ProcessHolder holder)
    {
        if (holder.Process is { } process)
        {
            return process;
        }
        var why = holder.Status == ProcessStatus.Failed
            ? $"The process failed to restore: {holder.Error}"
            : $"The process is still being restored ({holder.Progress?.Phase ?? "starting"}); try again shortly.";
        await Json.Error(context, StatusCodes.Status503ServiceUnavailable, why).ConfigureAwait(false);
        return null;
    }
}

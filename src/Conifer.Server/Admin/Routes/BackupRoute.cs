using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Admin.Routes;

/// <summary>
/// <c>GET /api/backup</c>: a zip of a consistent copy of the live store (durable records, snapshots,
/// blobs, reports), made without pausing the app. Unzipped, it opens with <c>run-server --process-store</c>.
/// </summary>
internal static class BackupRoute
{
    public static async Task HandleAsync(HttpContext context, ProcessHolder holder)
    {
        if (await RequireProcess.GetAsync(context, holder).ConfigureAwait(false) is not { } process)
        {
            return;
        }
        var work = Path.Combine(Path.GetTempPath(), "conifer-backup-" + Guid.NewGuid().ToString("N"));
        var copy = Path.Combine(work, "store");
        var zip = Path.Combine(work, "backup.zip");
        try
        {
            await process.BackupToAsync(copy, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            await Task.Run(() => ZipFile.CreateFromDirectory(copy, zip, CompressionLevel.Fastest, includeBaseDirectory: false), context.RequestAborted).ConfigureAwait(false);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/zip";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"conifer-backup-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}.zip\"";
            context.Response.ContentLength = new FileInfo(zip).Length;
            await context.Response.SendFileAsync(zip, context.RequestAborted).ConfigureAwait(false);
        }
        catch (IOException e) when (!context.Response.HasStarted)
        {
            await Json.Error(context, StatusCodes.Status500InternalServerError, $"The backup could not be made: {e.Message}").ConfigureAwait(false);
        }
        finally
        {
            // The copy is only a staging area for the zip; the live store is untouched.
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }
}

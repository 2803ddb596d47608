using Conifer.Compiler;
using Conifer.Runtime.Deploy;
using Conifer.Runtime.Reports;
using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Admin.Routes;

/// <summary><c>POST /api/deploy?init=&amp;dry-run=</c>: body is a zip of the source folder; 200 + report, or 422 + report.</summary>
internal static class DeployRoute
{
    public static async Task HandleAsync(HttpContext context, ProcessHolder holder)
    {
        if (await RequireProcess.GetAsync(context, holder).ConfigureAwait(false) is not { } process)
        {
            return;
        }
        var init = QueryFlag.Read(context, "init");
        var dryRun = QueryFlag.Read(context, "dry-run");
        if (init is null || dryRun is null)
        {
            await Json.Error(context, StatusCodes.Status400BadRequest, "Query flags 'init' and 'dry-run' take true or false.").ConfigureAwait(false);
            return;
        }
        var upload = await Body.ReadAsync(context).ConfigureAwait(false);
        if (upload is null)
        {
            return;
        }
        var archive = SourceArchive.Read(upload);
        if (archive is not SourceArchiveResult.Accepted { Files: var files })
        {
            await Json.Error(context, StatusCodes.Status400BadRequest, ((SourceArchiveResult.Refused)archive).Reason).ConfigureAwait(false);
            return;
        }
        AppSource source;
        try
        {
            source = AppSource.FromBytes(files.Select(f => KeyValuePair.Create(f.Key, f.Value.ToArray())));
        }
        catch (ArgumentException e)
        {
            await Json.Error(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
            return;
        }
        if (source.Files.IsEmpty)
        {
            await Json.Error(context, StatusCodes.Status400BadRequest, "The archive holds no .cs files; zip the app's source folder (conifer deploy does this for you).").ConfigureAwait(false);
            return;
        }
        var report = await process.DeployAsync(source, init.Value ? DeployMode.Init : DeployMode.Migrate, dryRun.Value, context.RequestAborted).ConfigureAwait(false);
        var status = report.Outcome == DeployOutcome.Rejected ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK;
        await Json.Write(context, status, report).ConfigureAwait(false);
    }
}

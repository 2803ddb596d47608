using System.CommandLine;
using Conifer.Compiler;
using Conifer.Runtime;
using Conifer.Runtime.Deploy;
using Conifer.Runtime.Reports;

namespace Conifer.Cli.Commands;

/// <summary><c>conifer deploy SRC HOST [--init-app-state] [--dry-run]</c>: deploy to a running server or onto a store directory.</summary>
internal static class DeployCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SRC") { Description = "The app's source folder." };
        var host = new Argument<string>("HOST") { Description = "A running server's admin URL, or " + StoreArgument.Help + " no server holds (a folder is created when missing)." };
        var init = new Option<bool>("--init-app-state") { Description = "Start from the new version's Init instead of migrating the stored state." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Run compile, check and migration against the live state; commit nothing." };
        var password = CommonOptions.AdminPassword();
        var json = CommonOptions.Json();
        var command = new Command("deploy", "Deploy a new version of the app, migrating its state in one atomic transaction.")
        {
            source, host, init, dryRun, password, json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var sourceDir = result.GetValue(source)!;
            var target = result.GetValue(host)!;
            if (FolderArgument.Problem("deploy", "source folder", sourceDir) is { } problem)
            {
                await Console.Error.WriteLineAsync(problem).ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            }
            var mode = result.GetValue(init) ? DeployMode.Init : DeployMode.Migrate;
            DeployReport? report;
            if (CommonOptions.IsUrl(target))
            {
                using var admin = new AdminClient(target, CommonOptions.ResolvePassword(result, password));
                byte[] zip;
                try
                {
                    zip = SourceArchive.Create(sourceDir);
                }
                catch (IOException e)
                {
                    await Console.Error.WriteLineAsync($"conifer deploy: {e.Message}").ConfigureAwait(false);
                    return ExitCodes.UsageOrConnection;
                }
                report = await ProgressDisplay.StepsAsync("Deploying", result.GetValue(json),
                    progress => admin.DeployAsync(zip, mode == DeployMode.Init, result.GetValue(dryRun), progress, cancellationToken)).ConfigureAwait(false);
            }
            else
            {
                report = await DeployToDirectoryAsync(sourceDir, target, mode, result.GetValue(dryRun), cancellationToken).ConfigureAwait(false);
            }
            if (report is null)
            {
                return ExitCodes.UsageOrConnection;
            }
            ReportPrinter.Print(report, result.GetValue(json));
            return report.Outcome == DeployOutcome.Rejected ? ExitCodes.Rejected : ExitCodes.Success;
        });
        return command;
    }

    private static async Task<DeployReport?> DeployToDirectoryAsync(string sourceDir, string storeDir, DeployMode mode, bool dryRun, CancellationToken cancellationToken)
    {
        AppSource source;
        try
        {
            source = AppSource.FromDirectory(sourceDir);
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"conifer deploy: {e.Message}").ConfigureAwait(false);
            return null;
        }
        if (await StoreArgument.ParseAsync("deploy", storeDir).ConfigureAwait(false) is not { } location)
        {
            return null;
        }
        LiveProcess process;
        try
        {
            process = await LiveProcess.OpenAsync(new RuntimeOptions { Location = location, ProverCommand = SelfCommand.Resolve() }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ProcessRestoreException || StoreArgument.IsStoreProblem(e))
        {
            await Console.Error.WriteLineAsync(StoreArgument.Describe("deploy", location.Display, e)).ConfigureAwait(false);
            return null;
        }
        await using (process.ConfigureAwait(false))
        {
            return await process.DeployAsync(source, mode, dryRun, cancellationToken).ConfigureAwait(false);
        }
    }
}

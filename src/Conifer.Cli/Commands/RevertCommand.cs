using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Conifer.Runtime;
using Conifer.Runtime.Reports;
using Conifer.Runtime.Revert;

namespace Conifer.Cli.Commands;

/// <summary>
/// <c>conifer revert HOST|DIR --to DEPLOY_ID [--yes] [--dry-run]</c>: return to the code and state an
/// earlier deploy produced, as a new logged deploy, after saying how much history that discards.
/// </summary>
internal static class RevertCommand
{
    public static Command Create()
    {
        var host = new Argument<string>("HOST") { Description = "A running server's admin URL, or " + StoreArgument.Help + " no server holds." };
        var to = new Option<string>("--to")
        {
            Description = "The deploy to return to: its record number (the 'record' column of conifer history) or its report id.",
            Required = true,
        };
        var yes = new Option<bool>("--yes") { Description = "Revert without asking for confirmation (required when stdin is not a terminal)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only say what the revert would discard; change nothing." };
        var password = CommonOptions.AdminPassword();
        var json = CommonOptions.Json();
        var command = new Command("revert", "Return to the code and state an earlier deploy produced, as a new deploy, after naming how many events it discards.")
        {
            host, to, yes, dryRun, password, json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var target = result.GetValue(host)!;
            var options = new Choices(result.GetValue(to)!, result.GetValue(yes), result.GetValue(dryRun), result.GetValue(json));
            if (CommonOptions.IsUrl(target))
            {
                using var admin = new AdminClient(target, CommonOptions.ResolvePassword(result, password));
                return await RunAsync(options, dry => ViaAdminAsync(admin, options.DeployId, dry, cancellationToken)).ConfigureAwait(false);
            }
            if (await StoreProcess.OpenAsync("revert", target, options.Json).ConfigureAwait(false) is not { } process)
            {
                return ExitCodes.UsageOrConnection;
            }
            await using (process.ConfigureAwait(false))
            {
                // The store stays open (and locked) from the question to the revert, so nothing is logged in between.
                return await RunAsync(options, dry => InProcessAsync(process, options.DeployId, dry, cancellationToken)).ConfigureAwait(false);
            }
        });
        return command;
    }

    private sealed record Choices(string DeployId, bool Yes, bool DryRun, bool Json);

    private static async Task<int> RunAsync(Choices options, Func<bool, Task<RevertResult?>> revert)
    {
        var preview = await revert(true).ConfigureAwait(false);
        if (preview is not RevertResult.Planned { Plan: var plan })
        {
            return await PrintFailureAsync(preview).ConfigureAwait(false);
        }
        if (options.DryRun)
        {
            if (options.Json)
            {
                Console.WriteLine(JsonSerializer.Serialize(plan, ReportJson.Options));
            }
            else
            {
                Console.WriteLine(Describe(plan));
                Console.WriteLine("Dry run: nothing was changed.");
            }
            return ExitCodes.Success;
        }
        if (!options.Yes)
        {
            if (Console.IsInputRedirected)
            {
                await Console.Error.WriteLineAsync(Describe(plan)).ConfigureAwait(false);
                await Console.Error.WriteLineAsync("conifer revert: stdin is not a terminal, so the revert cannot be confirmed here; pass --yes to revert without asking. Nothing was changed.").ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            }
            var prompt = options.Json ? Console.Error : Console.Out;
            await prompt.WriteAsync($"{Describe(plan)} Type 'yes' to continue: ").ConfigureAwait(false);
            await prompt.FlushAsync().ConfigureAwait(false);
            if (!string.Equals(Console.ReadLine()?.Trim(), "yes", StringComparison.OrdinalIgnoreCase))
            {
                await Console.Error.WriteLineAsync("conifer revert: not confirmed; nothing was changed.").ConfigureAwait(false);
                return ExitCodes.Rejected;
            }
        }
        var done = await revert(false).ConfigureAwait(false);
        if (done is not RevertResult.Finished { Report: var report })
        {
            return await PrintFailureAsync(done).ConfigureAwait(false);
        }
        ReportPrinter.Print(report, options.Json);
        return report.Outcome == DeployOutcome.Rejected ? ExitCodes.Rejected : ExitCodes.Success;
    }

    /// <summary>The confirmation's first sentence: where the revert goes and what it discards.</summary>
    internal static string Describe(RevertPlan plan)
    {
        var when = Timestamps.Format(plan.DeployedAt);
        var discarded = string.Create(CultureInfo.InvariantCulture,
            $"{plan.DiscardedEvents:N0} event(s), {plan.DiscardedAdminChanges:N0} admin change(s) and {plan.DiscardedDeploys:N0} deploy(s)");
        return $"Revert to deploy record {plan.ToSequence} (report {plan.ToReportId}, version {plan.VersionId[..Math.Min(12, plan.VersionId.Length)]}…, {when}): " +
            $"discards {discarded} logged since then (through record {plan.ThroughSequence}).";
    }

    private static async Task<int> PrintFailureAsync(RevertResult? result)
    {
        switch (result)
        {
            case null:
                return ExitCodes.UsageOrConnection;
            case RevertResult.UnknownDeploy unknown:
                await Console.Error.WriteLineAsync($"conifer revert: {unknown.Error}").ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            case RevertResult.Unavailable unavailable:
                await Console.Error.WriteLineAsync($"conifer revert: {unavailable.Error}").ConfigureAwait(false);
                return ExitCodes.Rejected;
            default:
                throw new InvalidOperationException($"{nameof(RevertCommand)}.{nameof(PrintFailureAsync)}: unexpected result {result.GetType().Name}.");
        }
    }

    private static async Task<RevertResult?> InProcessAsync(LiveProcess process, string deployId, bool dryRun, CancellationToken cancellationToken) =>
        await process.RevertAsync(deployId, dryRun, cancellationToken).ConfigureAwait(false);

    private static async Task<RevertResult?> ViaAdminAsync(AdminClient admin, string deployId, bool dryRun, CancellationToken cancellationToken)
    {
        var url = $"api/revert/{Uri.EscapeDataString(deployId)}";
        if (await admin.SendAsync(dryRun ? HttpMethod.Get : HttpMethod.Post, url, null, cancellationToken).ConfigureAwait(false) is not { } answer)
        {
            return null;
        }
        switch (answer.Status)
        {
            case HttpStatusCode.OK when dryRun:
                return JsonSerializer.Deserialize<RevertPlan>(answer.Text, ReportJson.Options) is { } plan ? new RevertResult.Planned(plan) : null;
            case HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity when !dryRun:
                return ReportJson.Read(answer.Text) is { } report ? new RevertResult.Finished(report) : null;
            case HttpStatusCode.NotFound:
                return new RevertResult.UnknownDeploy(AdminClient.ErrorOf(answer.Text), []);
            case HttpStatusCode.Conflict:
                return new RevertResult.Unavailable(AdminClient.ErrorOf(answer.Text));
            default:
                await Console.Error.WriteLineAsync($"conifer revert: the server answered {(int)answer.Status}: {AdminClient.ErrorOf(answer.Text)}").ConfigureAwait(false);
                return null;
        }
    }
}

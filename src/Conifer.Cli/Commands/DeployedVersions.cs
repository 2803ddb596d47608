using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using Conifer.Compiler;
using Conifer.Runtime.Reports;
using Conifer.Store.Locations;

namespace Conifer.Cli.Commands;

/// <summary>
/// The versions a server or store committed, oldest first, from its deploy reports (a store's reports are
/// plain files beside the log, read without its lock; a database's are read without its lease), and what that says about a migration history.
/// </summary>
internal static class DeployedVersions
{
    /// <summary>The committed versions; null after printing why.</summary>
    public static async Task<ImmutableArray<string>?> ReadAsync(string command, string? host, string? storeDirectory, string? password, CancellationToken cancellationToken)
    {
        if (host is not null && storeDirectory is not null)
        {
            await Console.Error.WriteLineAsync($"conifer {command}: give at most one of --from HOST, --process-store DIR.").ConfigureAwait(false);
            return null;
        }
        var target = host ?? storeDirectory!;
        if (CommonOptions.IsUrl(target))
        {
            using var admin = new AdminClient(target, password);
            if (await admin.SendAsync(HttpMethod.Get, "api/history", null, cancellationToken).ConfigureAwait(false) is not { } answer)
            {
                return null;
            }
            if (answer.Status != HttpStatusCode.OK)
            {
                await Console.Error.WriteLineAsync($"conifer {command}: the server answered {(int)answer.Status}: {AdminClient.ErrorOf(answer.Text)}").ConfigureAwait(false);
                return null;
            }
            var deploys = JsonDocument.Parse(answer.Text).RootElement.GetProperty("deploys").Deserialize<DeployReport[]>(ReportJson.Options) ?? [];
            return Committed(deploys);
        }
        if (await StoreArgument.ParseAsync(command, target).ConfigureAwait(false) is not { } location)
        {
            return null;
        }
        if (location is FolderLocation && !Directory.Exists(target))
        {
            await Console.Error.WriteLineAsync($"conifer {command}: the store directory '{target}' does not exist.").ConfigureAwait(false);
            return null;
        }
        try
        {
            return Committed(await StoreReports.ReadAsync(location, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (StoreArgument.IsStoreProblem(e))
        {
            await Console.Error.WriteLineAsync(StoreArgument.Describe(command, target, e)).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>
    /// Whether a step was deployed: a step from version F ran when a version was committed after F (a
    /// deploy onto F), and waits for the next deploy while F is the running version.
    /// </summary>
    public static StepStatus StatusOf(MigrationStepInfo step, ImmutableArray<string> deployed)
    {
        var at = step.FromVersionId is null ? -1 : deployed.LastIndexOf(step.FromVersionId);
        return at < 0 ? StepStatus.NotDeployed : at < deployed.Length - 1 ? StepStatus.Deployed : StepStatus.Next;
    }

    private static ImmutableArray<string> Committed(IEnumerable<DeployReport> reports) =>
        [.. reports.Where(r => r is { Outcome: DeployOutcome.Committed, DryRun: false, NewVersionId: not null }).OrderBy(r => r.BeganAt).Select(r => r.NewVersionId!)];

    /// <summary>Where a step stands on one server or store.</summary>
    public enum StepStatus
    {
        /// <summary>Its version never ran there: a deploy could only reach it through an earlier step.</summary>
        NotDeployed,
        /// <summary>Its version is the running one: the next deploy runs this step.</summary>
        Next,
        /// <summary>It ran: a version was committed onto its version.</summary>
        Deployed,
    }
}

using System.CommandLine;
using System.Text.Json;
using Conifer.Compiler;
using Conifer.Runtime.Reports;

namespace Conifer.Cli.Commands;

/// <summary>
/// <c>conifer migrate list SRC [--from HOST|--process-store DIR] [--json]</c>: the steps of SRC's migration
/// history, oldest first, with the version each migrates from and, given a server or store, whether it
/// was deployed there (like <c>dotnet ef migrations list</c>).
/// </summary>
internal static class MigrateListCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SRC") { Description = "The app's source folder." };
        var from = new Option<string?>("--from") { Description = "Show which steps a running server (admin URL) or store (" + StoreArgument.Help + ") has deployed." };
        var store = new Option<string?>("--process-store") { Description = "Show which steps a store has deployed, read without its lock: " + StoreArgument.Help + "." };
        var password = CommonOptions.AdminPassword();
        var json = CommonOptions.Json();
        var command = new Command("list", "List the migration history's steps and which are deployed where.")
        {
            source, from, store, password, json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var sourceDir = result.GetValue(source)!;
            if (!Directory.Exists(sourceDir))
            {
                await Console.Error.WriteLineAsync($"conifer migrate list: the source folder '{sourceDir}' does not exist.").ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            }
            var app = AppSource.FromDirectory(sourceDir);
            var steps = MigrationHistory.Read(app);
            var where = result.GetValue(from) ?? result.GetValue(store);
            var deployed = where is null ? null
                : await DeployedVersions.ReadAsync("migrate list", result.GetValue(from), result.GetValue(store), CommonOptions.ResolvePassword(result, password), cancellationToken).ConfigureAwait(false);
            if (where is not null && deployed is null)
            {
                return ExitCodes.UsageOrConnection;
            }
            var rows = steps.Select(s => new
            {
                s.Name,
                s.Folder,
                s.FromVersionId,
                Status = deployed is { } versions ? DeployedVersions.StatusOf(s, versions).ToString() : null,
            }).ToList();
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { Steps = rows, SingleMigrationLayout = MigrationHistory.HasSingleMigrationLayout(app), RunningVersionId = deployed is [.., var last] ? last : null }, ReportJson.Options));
                return ExitCodes.Success;
            }
            if (steps.IsEmpty)
            {
                Console.WriteLine(MigrationHistory.HasSingleMigrationLayout(app)
                    ? "No migration history: SRC holds a single migration (Backend/MigrateState.cs), the layout before histories."
                    : "No migration steps (conifer migrate scaffold SRC --from HOST adds one).");
                return ExitCodes.Success;
            }
            Console.WriteLine(deployed is null ? "Migration steps, oldest first:" : $"Migration steps, oldest first, as deployed on {where}:");
            foreach (var row in rows)
            {
                var status = row.Status switch
                {
                    null => "",
                    nameof(DeployedVersions.StepStatus.Deployed) => "  deployed",
                    nameof(DeployedVersions.StepStatus.Next) => "  pending: its version is running, the next deploy runs it",
                    _ => "  not deployed",
                };
                Console.WriteLine($"  {row.Name,-18} from {(row.FromVersionId is { } v ? v[..12] : "(unstamped)"),-12}{status}");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}

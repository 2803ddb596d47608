using System.CommandLine;
using Conifer.Compiler;

namespace Conifer.Cli.Commands;

/// <summary>
/// <c>conifer migrate remove SRC --from HOST|--process-store DIR [--force]</c>: drops the newest step of SRC's
/// migration history when it was never deployed there, and points the step before it back at the app's
/// own types. A deployed step stays: an export or a store at its version still needs it.
/// </summary>
internal static class MigrateRemoveCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SRC") { Description = "The app's source folder." };
        var from = new Option<string?>("--from") { Description = "Check against a running server (admin URL) or store (" + StoreArgument.Help + ") that the step was never deployed." };
        var store = new Option<string?>("--process-store") { Description = "Check against a store, read without its lock: " + StoreArgument.Help + "." };
        var force = new Option<bool>("--force") { Description = "Remove the newest step without checking where it was deployed." };
        var password = CommonOptions.AdminPassword();
        var command = new Command("remove", "Remove the newest migration step, when it was never deployed.")
        {
            source, from, store, force, password,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var sourceDir = result.GetValue(source)!;
            if (!Directory.Exists(sourceDir))
            {
                await Console.Error.WriteLineAsync($"conifer migrate remove: the source folder '{sourceDir}' does not exist.").ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            }
            var steps = MigrationHistory.Read(AppSource.FromDirectory(sourceDir));
            if (steps.IsEmpty)
            {
                await Console.Error.WriteLineAsync("conifer migrate remove: SRC has no migration steps under Backend/Migrations/; nothing was removed.").ConfigureAwait(false);
                return ExitCodes.Rejected;
            }
            var newest = steps[^1];
            if (result.GetValue(from) is null && result.GetValue(store) is null)
            {
                if (!result.GetValue(force))
                {
                    await Console.Error.WriteLineAsync($"conifer migrate remove: say where {newest.Name} might be deployed (--from HOST or --process-store DIR), or pass --force to remove it unchecked; nothing was removed.").ConfigureAwait(false);
                    return ExitCodes.UsageOrConnection;
                }
            }
            else
            {
                var deployed = await DeployedVersions.ReadAsync("migrate remove", result.GetValue(from), result.GetValue(store), CommonOptions.ResolvePassword(result, password), cancellationToken).ConfigureAwait(false);
                if (deployed is not { } versions)
                {
                    return ExitCodes.UsageOrConnection;
                }
                if (DeployedVersions.StatusOf(newest, versions) == DeployedVersions.StepStatus.Deployed)
                {
                    await Console.Error.WriteLineAsync($"conifer migrate remove: {newest.Name} was deployed (a version was committed onto {newest.FromVersionId![..12]}); a deployed step stays in the history. Nothing was removed.").ConfigureAwait(false);
                    return ExitCodes.Rejected;
                }
            }
            Directory.Delete(Path.Combine(sourceDir, newest.Folder), recursive: true);
            Console.WriteLine($"removed {newest.Folder}/");
            if (steps.Length > 1)
            {
                var before = steps[^2];
                var pointed = $"using Next = {MigrationHistoryNames.Namespace}.{newest.Name};";
                foreach (var file in Directory.EnumerateFiles(Path.Combine(sourceDir, before.Folder), "*.cs"))
                {
                    var text = File.ReadAllText(file);
                    if (text.Contains(pointed, StringComparison.Ordinal))
                    {
                        File.WriteAllText(file, text.Replace(pointed, "using Next = Backend;", StringComparison.Ordinal));
                        Console.WriteLine($"pointed {Path.GetRelativePath(sourceDir, file).Replace('\\', '/')} back at the app's types (using Next = Backend;)");
                    }
                }
            }
            return ExitCodes.Success;
        });
        return command;
    }
}

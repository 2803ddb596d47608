using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Conifer.Compiler;

namespace Conifer.Cli.Commands;

/// <summary>
/// <c>conifer migrate scaffold SRC --from HOST|--process-store DIR|--source OLD_SRC|--state FILE [--rename Old=New]... [--force]</c>:
/// adds a step to SRC's migration history, <c>Backend/Migrations/V&lt;n&gt;_&lt;id&gt;/</c>, stamped with the
/// version the state is at, and points the step that was newest at it; earlier steps are kept. A file the
/// user edited since the last scaffold is never overwritten without <c>--force</c>.
/// </summary>
internal static class MigrateScaffoldCommand
{
    /// <summary>Where the scaffold remembers the hash of each file it wrote (a dot-folder: not part of the app's source).</summary>
    private const string RecordPath = ".conifer/scaffold.json";

    public static Command Create()
    {
        var source = new Argument<string>("SRC") { Description = "The new version's source folder (the files are written here)." };
        var from = new Option<string?>("--from") { Description = "Read the stored state from a running server's admin URL (or " + StoreArgument.Help + ")." };
        var store = new Option<string?>("--process-store") { Description = "Read the stored state from a store, read-only: " + StoreArgument.Help + "." };
        var old = new Option<string?>("--source") { Description = "Take the previous types from the deployed version's source folder." };
        var state = new Option<string?>("--state") { Description = "Read the stored state from an exported state file." };
        var renames = new Option<string[]>("--rename") { Description = "Old=New for a renamed field, union case or type (may be qualified: Project.Title=Name). Repeatable.", AllowMultipleArgumentsPerToken = false };
        var force = new Option<bool>("--force") { Description = "Overwrite files edited since the last scaffold." };
        var password = CommonOptions.AdminPassword();
        var command = new Command("scaffold", "Write the previous state types and a Migrate that copies what did not change.")
        {
            source, from, store, old, state, renames, force, password,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var sourceDir = result.GetValue(source)!;
            if (!Directory.Exists(sourceDir))
            {
                await Console.Error.WriteLineAsync($"conifer migrate scaffold: the source folder '{sourceDir}' does not exist.").ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            }
            var renameMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in result.GetValue(renames) ?? [])
            {
                var parts = pair.Split('=');
                if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                {
                    await Console.Error.WriteLineAsync($"conifer migrate scaffold: --rename takes Old=New, not '{pair}'.").ConfigureAwait(false);
                    return ExitCodes.UsageOrConnection;
                }
                renameMap[parts[0]] = parts[1];
            }
            var newSource = AppSource.FromDirectory(sourceDir);
            if (MigrationHistory.HasSingleMigrationLayout(newSource))
            {
                if (!result.GetValue(force))
                {
                    await Console.Error.WriteLineAsync(
                        "conifer migrate scaffold: SRC holds a single migration (Backend/MigrateState.cs, Backend/Prev/), the layout before migration histories; nothing was written. " +
                        "A history step replaces it: once its version is deployed wherever your state lives, delete those files, or run again with --force to delete them.").ConfigureAwait(false);
                    return ExitCodes.Rejected;
                }
                File.Delete(Path.Combine(sourceDir, "Backend", "MigrateState.cs"));
                if (Directory.Exists(Path.Combine(sourceDir, "Backend", "Prev")))
                {
                    Directory.Delete(Path.Combine(sourceDir, "Backend", "Prev"), recursive: true);
                }
                Console.WriteLine("deleted Backend/MigrateState.cs and Backend/Prev/ (the single-migration layout)");
                newSource = AppSource.FromDirectory(sourceDir);
            }
            ScaffoldResult scaffold;
            if (result.GetValue(old) is { } oldDir)
            {
                if (result.GetValue(from) is not null || result.GetValue(store) is not null || result.GetValue(state) is not null)
                {
                    await Console.Error.WriteLineAsync("conifer migrate scaffold: give exactly one of --source, --from, --process-store, --state.").ConfigureAwait(false);
                    return ExitCodes.UsageOrConnection;
                }
                if (!Directory.Exists(oldDir))
                {
                    await Console.Error.WriteLineAsync($"conifer migrate scaffold: the source folder '{oldDir}' does not exist.").ConfigureAwait(false);
                    return ExitCodes.UsageOrConnection;
                }
                scaffold = MigrationScaffold.AddStepFromSource(newSource, AppSource.FromDirectory(oldDir), renameMap);
            }
            else
            {
                var stored = await StateSources.ReadAsync("migrate scaffold", result.GetValue(state), result.GetValue(from), result.GetValue(store),
                    CommonOptions.ResolvePassword(result, password), cancellationToken).ConfigureAwait(false);
                if (stored is null)
                {
                    return ExitCodes.UsageOrConnection;
                }
                scaffold = MigrationScaffold.AddStepFromStoredState(newSource, stored.State, stored.VersionId, renameMap);
            }
            return scaffold switch
            {
                ScaffoldResult.Generated generated => Write(sourceDir, generated, result.GetValue(force)),
                ScaffoldResult.Failed failed => Fail(failed),
                _ => throw new InvalidOperationException($"{nameof(MigrateScaffoldCommand)}: unhandled scaffold result."),
            };
        });
        return command;
    }

    private static int Fail(ScaffoldResult.Failed failed)
    {
        Console.Error.WriteLine($"conifer migrate scaffold: {failed.Message}");
        foreach (var diagnostic in failed.Diagnostics)
        {
            Console.Error.WriteLine("  " + diagnostic);
        }
        return ExitCodes.Rejected;
    }

    private static int Write(string sourceDir, ScaffoldResult.Generated generated, bool force)
    {
        var recordFile = Path.Combine(sourceDir, RecordPath);
        var written = File.Exists(recordFile)
            ? JsonSerializer.Deserialize<SortedDictionary<string, string>>(File.ReadAllText(recordFile)) ?? []
            : new SortedDictionary<string, string>(StringComparer.Ordinal);
        var edited = new List<string>();
        foreach (var (path, text) in generated.Files)
        {
            var target = Path.Combine(sourceDir, path);
            if (!File.Exists(target))
            {
                continue;
            }
            var current = Hash(File.ReadAllText(target));
            // A file is the user's once its content is neither what the last scaffold wrote nor what this one writes.
            if (current != Hash(text) && (!written.TryGetValue(path, out var last) || last != current))
            {
                edited.Add(path);
            }
        }
        if (edited.Count > 0 && !force)
        {
            Console.Error.WriteLine("conifer migrate scaffold: these files were edited since they were scaffolded (or were written by hand); nothing was written:");
            foreach (var path in edited)
            {
                Console.Error.WriteLine("  " + path);
            }
            Console.Error.WriteLine("Move your changes aside, or run again with --force to overwrite them.");
            return ExitCodes.Rejected;
        }
        foreach (var (path, text) in generated.Files)
        {
            var target = Path.Combine(sourceDir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, text);
            written[path] = Hash(text);
            Console.WriteLine($"wrote {path}");
        }
        foreach (var (path, text) in generated.Rewritten)
        {
            // Only the 'using Next = ...' line changes: the person's migration code stays as it is.
            File.WriteAllText(Path.Combine(sourceDir, path), text);
            Console.WriteLine($"pointed {path} at {generated.Step} (using Next)");
        }
        if (generated.Step is { } step)
        {
            Console.WriteLine(generated.Replaced ? $"Wrote migration step {step} again (it migrates from the same version)." : $"Added migration step {step}.");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(recordFile)!);
        File.WriteAllText(recordFile, JsonSerializer.Serialize(written, new JsonSerializerOptions { WriteIndented = true }));
        if (generated.Decisions.IsEmpty)
        {
            Console.WriteLine("Migrate copies every field; it compiles as is.");
        }
        else
        {
            var file = generated.Files.Keys.FirstOrDefault(k => k.EndsWith("MigrateState.cs", StringComparison.Ordinal)) ?? "Backend/MigrateState.cs";
            Console.WriteLine($"{generated.Decisions.Length} place(s) need your decision (each is a compile error, {MigrationScaffold.DecisionMarker}.Required, in {file}):");
            foreach (var decision in generated.Decisions)
            {
                Console.WriteLine("  " + decision);
            }
        }
        return ExitCodes.Success;
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n"))));
}

using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Conifer.Compiler;

namespace Conifer.Cli.Commands;

/// <summary>
/// <c>conifer migrate scaffold SRC --from HOST|--process-store DIR|--source OLD_SRC|--state FILE [--rename Old=New]... [--force]</c>:
/// writes <c>Backend/Prev/*.cs</c> and <c>Backend/MigrateState.cs</c> into SRC. A file the user
/// edited since the last scaffold is never overwritten without <c>--force</c>.
/// </summary>
internal static class MigrateScaffoldCommand
{
    /// <summary>Where the scaffold remembers the hash of each file it wrote (a dot-folder: not part of the app's source).</summary>
    private const string RecordPath = ".conifer/scaffold.json";

    public static Command Create()
    {
        var source = new Argument<string>("SRC") { Description = "The new version's source folder (the files are written here)." };
        var from = new Option<string?>("--from") { Description = "Read the stored state from a running server's admin URL (or a store directory)." };
        var store = new Option<string?>("--process-store") { Description = "Read the stored state from a store directory, read-only." };
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
                scaffold = MigrationScaffold.FromSource(newSource, AppSource.FromDirectory(oldDir), renameMap);
            }
            else
            {
                var stored = await StateSources.ReadAsync("migrate scaffold", result.GetValue(state), result.GetValue(from), result.GetValue(store),
                    CommonOptions.ResolvePassword(result, password), cancellationToken).ConfigureAwait(false);
                if (stored is null)
                {
                    return ExitCodes.UsageOrConnection;
                }
                scaffold = MigrationScaffold.FromStoredState(newSource, stored.State, renameMap);
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
        Directory.CreateDirectory(Path.GetDirectoryName(recordFile)!);
        File.WriteAllText(recordFile, JsonSerializer.Serialize(written, new JsonSerializerOptions { WriteIndented = true }));
        if (generated.Decisions.IsEmpty)
        {
            Console.WriteLine("Migrate copies every field; it compiles as is.");
        }
        else
        {
            Console.WriteLine($"{generated.Decisions.Length} place(s) need your decision (each is a compile error, {MigrationScaffold.DecisionMarker}.Required, in Backend/MigrateState.cs):");
            foreach (var decision in generated.Decisions)
            {
                Console.WriteLine("  " + decision);
            }
        }
        return ExitCodes.Success;
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n"))));
}

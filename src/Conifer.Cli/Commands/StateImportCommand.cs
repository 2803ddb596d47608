using System.CommandLine;
using System.Net;
using System.Text.Json;
using Conifer.Runtime;
using Conifer.Runtime.Rehearsal;
using Conifer.Values;
using Conifer.Values.Codecs;

namespace Conifer.Cli.Commands;

/// <summary>
/// <c>conifer state import FILE HOST|DIR</c>: replaces the state (a set-state event). An export stamped
/// with an earlier version first goes through the running version's migration steps from that version
/// on (<see cref="MigrationChain"/>), on the server or in the store directory alike. The result is read
/// as the running <c>State</c> with the lenient check; a mismatch, or a version no chain reaches,
/// changes nothing and says why.
/// </summary>
internal static class StateImportCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The state file (an export, a JSON tree or a value document)." };
        var host = new Argument<string>("HOST") { Description = "A running server's admin URL, or " + StoreArgument.Help + " no server holds." };
        var password = CommonOptions.AdminPassword();
        var command = new Command("import", "Replace the current state with a state file (a set-state event).")
        {
            file, host, password,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            StateExport export;
            try
            {
                export = StateExport.ReadFile(result.GetValue(file)!);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ValueFormatException)
            {
                await Console.Error.WriteLineAsync($"conifer state import: cannot read '{result.GetValue(file)}': {e.Message}").ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            }
            var target = result.GetValue(host)!;
            return CommonOptions.IsUrl(target)
                ? await ToServerAsync(export, target, CommonOptions.ResolvePassword(result, password), cancellationToken).ConfigureAwait(false)
                : await ToStoreAsync(export, target, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> ToServerAsync(StateExport export, string host, string? password, CancellationToken cancellationToken)
    {
        using var admin = new AdminClient(host, password);
        if (await admin.GetStateAsync(cancellationToken).ConfigureAwait(false) is not { } current)
        {
            return ExitCodes.UsageOrConnection;
        }
        if (export.VersionId is { } stamp && stamp != current.VersionId)
        {
            Console.WriteLine($"The file was exported from version {Short(stamp)}; the server runs {Short(current.VersionId)}: migrating it through the running version's steps from {Short(stamp)} on.");
        }
        if (await admin.PutStateAsync(ValueJsonCodec.Write(export.State), export.VersionId, cancellationToken).ConfigureAwait(false) is not { } answer)
        {
            return ExitCodes.UsageOrConnection;
        }
        using var body = JsonDocument.Parse(answer.Text);
        if (answer.Status == HttpStatusCode.OK)
        {
            var steps = body.RootElement.TryGetProperty("migratedThrough", out var through) ? through.EnumerateArray().Select(t => t.GetString() ?? "").ToList() : [];
            PrintApplied(body.RootElement.GetProperty("sequence").GetInt64(), steps);
            return ExitCodes.Success;
        }
        if (answer.Status == HttpStatusCode.UnprocessableEntity)
        {
            return Refused(body.RootElement.GetProperty("mismatches").EnumerateArray().Select(m => m.GetString() ?? ""));
        }
        await Console.Error.WriteLineAsync($"conifer state import: the server answered {(int)answer.Status}: {answer.Text}").ConfigureAwait(false);
        return ExitCodes.UsageOrConnection;
    }

    private static async Task<int> ToStoreAsync(StateExport export, string directory, CancellationToken cancellationToken)
    {
        if (await StoreArgument.ParseAsync("state import", directory).ConfigureAwait(false) is not { } location)
        {
            return ExitCodes.UsageOrConnection;
        }
        try
        {
            var process = await LiveProcess.OpenAsync(new RuntimeOptions { Location = location }).ConfigureAwait(false);
            await using (process.ConfigureAwait(false))
            {
                if (export.VersionId is { } stamp && process.VersionId is { } running && stamp != running)
                {
                    Console.WriteLine($"The file was exported from version {Short(stamp)}; the store runs {Short(running)}: migrating it through the running version's steps from {Short(stamp)} on.");
                }
                switch (await process.SetStateAsync(export.State, export.VersionId, cancellationToken).ConfigureAwait(false))
                {
                    case SetStateResult.Applied applied:
                        PrintApplied(applied.Sequence, applied.MigratedThrough);
                        return ExitCodes.Success;
                    case SetStateResult.Refused refused:
                        return Refused(refused.Errors);
                    default:
                        throw new InvalidOperationException($"{nameof(StateImportCommand)}: unhandled set-state result.");
                }
            }
        }
        catch (Exception e) when (e is ProcessRestoreException || StoreArgument.IsStoreProblem(e))
        {
            await Console.Error.WriteLineAsync(StoreArgument.Describe("state import", location.Display, e)).ConfigureAwait(false);
            return ExitCodes.UsageOrConnection;
        }
    }

    private static void PrintApplied(long sequence, IReadOnlyList<string> steps) =>
        Console.WriteLine(steps.Count == 0
            ? $"Imported: set-state record {sequence}."
            : $"Imported: migrated through {string.Join(", ", steps)}; set-state record {sequence}.");

    private static int Refused(IEnumerable<string> errors)
    {
        Console.Error.WriteLine("Import refused: the state does not fit the running app's State, or no migration reaches it; nothing was changed.");
        foreach (var error in errors)
        {
            Console.Error.WriteLine("  " + error);
        }
        return ExitCodes.Rejected;
    }

    private static string Short(string? id) => id is null ? "(none)" : id[..Math.Min(12, id.Length)];
}

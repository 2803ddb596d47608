using System.CommandLine;
using System.IO.Compression;
using System.Net;
using Conifer.Runtime.Reports;
using Conifer.Store;
using Conifer.Store.Exceptions;
using Conifer.Store.Tools;

namespace Conifer.Cli.Commands;

/// <summary>
/// <c>conifer store verify DIR</c> (<see cref="StoreVerifyCommand"/>), <c>conifer store copy SRC DEST</c> and
/// <c>conifer store truncate HOST|DIR</c>: the store's own tools, on a directory or (copy, truncate) through a running
/// server's admin API.
/// </summary>
internal static class StoreCommand
{
    public static Command Create() => new("store", "Check, copy, repair or truncate a process store.")
    {
        StoreVerifyCommand.Create(), StoreReplayTraceCommand.Create(), Copy(), Truncate(), StoreRepairCommand.Create(),
    };

    private static Command Copy()
    {
        var source = new Argument<string>("SRC") { Description = "A store directory no server holds, or a running server's admin URL (copied live via /api/backup)." };
        var destination = new Argument<string>("DEST") { Description = "An empty or missing directory." };
        var password = CommonOptions.AdminPassword();
        var json = CommonOptions.Json();
        var command = new Command("copy", "Copy a store (live, through a server, without pausing its app) into a new directory.") { source, destination, password, json };
        command.SetAction(async (result, cancellationToken) =>
        {
            var from = result.GetValue(source)!;
            var to = result.GetValue(destination)!;
            if (Directory.Exists(to) && Directory.EnumerateFileSystemEntries(to).Any())
            {
                await Console.Error.WriteLineAsync($"conifer store copy: the destination '{to}' is not empty.").ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            }
            if (CommonOptions.IsUrl(from))
            {
                return await CopyFromServerAsync(from, to, CommonOptions.ResolvePassword(result, password), result.GetValue(json), cancellationToken).ConfigureAwait(false);
            }
            try
            {
                // Awaited inside the display, so the bar lasts as long as the copy (not only until its first await).
                await ProgressDisplay.RunAsync("Copying", quiet: result.GetValue(json), async progress =>
                {
                    await StoreTools.CopyAsync(from, to, progress: progress, cancellationToken: cancellationToken).ConfigureAwait(false);
                    // The deploy reports live beside the store's files (the runtime's, not the store's): copied too,
                    // or the copy's history would say no deploy was ever made.
                    new ReportStore(from).CopyTo(to);
                    return true;
                }).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or StoreLockedException or StoreNotWritableException or StoreDataLossException or StoreCorruptException or StoreFormatVersionException)
            {
                await Console.Error.WriteLineAsync($"conifer store copy: {e.Message}").ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            }
            PrintCopied($"Copied '{from}' to '{to}'.", from, to, live: false, result.GetValue(json));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void PrintCopied(string text, string from, string to, bool live, bool json)
    {
        if (json)
        {
            JsonOutput.Write(new() { ["source"] = from, ["destination"] = to, ["live"] = live });
        }
        else
        {
            Console.WriteLine(text);
        }
    }

    private static async Task<int> CopyFromServerAsync(string adminUrl, string to, string? password, bool json, CancellationToken cancellationToken)
    {
        using var admin = new AdminClient(adminUrl, password);
        var zip = Path.GetTempFileName();
        try
        {
            var copied = await ProgressDisplay.StepsAsync("Copying", quiet: json, async progress =>
            {
                if (await admin.DownloadAsync("api/backup", zip, cancellationToken, progress).ConfigureAwait(false) is not HttpStatusCode.OK)
                {
                    return false;
                }
                progress.Report(new StepProgress("unpacking", 0, 0));
                ZipFile.ExtractToDirectory(zip, to);
                return true;
            }).ConfigureAwait(false);
            if (!copied)
            {
                return ExitCodes.UsageOrConnection;
            }
            PrintCopied($"Copied the live store of {adminUrl} to '{to}'.", adminUrl, to, live: true, json);
            return ExitCodes.Success;
        }
        finally
        {
            File.Delete(zip);
        }
    }

    private static void PrintTruncated(long? keptFrom, int segments, int snapshots, long bytes, bool json)
    {
        if (json)
        {
            JsonOutput.Write(new() { ["keptFromSnapshot"] = keptFrom, ["segmentsDeleted"] = segments, ["snapshotsDeleted"] = snapshots, ["bytesFreed"] = bytes });
            return;
        }
        Console.WriteLine(keptFrom is { } kept
            ? $"Dropped history before the snapshot through record {kept}: {segments} segment(s), {snapshots} snapshot(s), {bytes} bytes freed."
            : "The store has no snapshot yet, so nothing was dropped.");
    }

    private static Command Truncate()
    {
        var host = new Argument<string>("HOST") { Description = "A running server's admin URL, or a store directory no server holds." };
        var password = CommonOptions.AdminPassword();
        var json = CommonOptions.Json();
        var command = new Command("truncate", "Drop log history before the newest snapshot.") { host, password, json };
        command.SetAction(async (result, cancellationToken) =>
        {
            var target = result.GetValue(host)!;
            if (CommonOptions.IsUrl(target))
            {
                using var admin = new AdminClient(target, CommonOptions.ResolvePassword(result, password));
                if (await admin.SendAsync(HttpMethod.Post, "api/truncate", null, cancellationToken).ConfigureAwait(false) is not { } answer)
                {
                    return ExitCodes.UsageOrConnection;
                }
                if (answer.Status != HttpStatusCode.OK)
                {
                    await Console.Error.WriteLineAsync($"conifer store truncate: the server answered {(int)answer.Status}: {AdminClient.ErrorOf(answer.Text)}").ConfigureAwait(false);
                    return ExitCodes.UsageOrConnection;
                }
                var node = System.Text.Json.Nodes.JsonNode.Parse(answer.Text)!;
                PrintTruncated(node["keptFromSnapshot"]?.GetValue<long>(), node["segmentsDeleted"]!.GetValue<int>(), node["snapshotsDeleted"]!.GetValue<int>(), node["bytesFreed"]!.GetValue<long>(), result.GetValue(json));
                return ExitCodes.Success;
            }
            TruncateResult truncated;
            try
            {
                var store = FileProcessStore.Open(target);
                await using (store.ConfigureAwait(false))
                {
                    truncated = await store.TruncateAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or StoreLockedException or StoreNotWritableException or StoreDataLossException or StoreCorruptException or StoreFormatVersionException)
            {
                await Console.Error.WriteLineAsync($"conifer store truncate: cannot open the store '{target}': {e.Message}").ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            }
            PrintTruncated(truncated.KeptFromSnapshot?.CoversThroughSequence, truncated.SegmentsDeleted, truncated.SnapshotsDeleted, truncated.BytesFreed, result.GetValue(json));
            return ExitCodes.Success;
        });
        return command;
    }
}

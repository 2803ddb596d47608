using System.CommandLine;
using System.IO.Compression;
using System.Net;
using Conifer.Runtime.Reports;
using Conifer.Runtime.Stores;
using Conifer.Store;
using Conifer.Store.Locations;
using Conifer.Store.Postgres;
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
        var source = new Argument<string>("SRC") { Description = "The store to copy: " + StoreArgument.Help + " no server holds, or a running server's admin URL (copied live via /api/backup)." };
        var destination = new Argument<string>("DEST") { Description = "Where the copy goes: an empty or missing folder, or a postgresql://user@host:port/db?app=NAME URI whose app the database does not hold yet." };
        var password = CommonOptions.AdminPassword();
        var json = CommonOptions.Json();
        var command = new Command("copy", "Copy a store (live, through a server, without pausing its app) into a new folder, or between a folder and PostgreSQL (verifying the copy).") { source, destination, password, json };
        command.SetAction(async (result, cancellationToken) =>
        {
            var from = result.GetValue(source)!;
            var to = result.GetValue(destination)!;
            if (await StoreArgument.ParseAsync("store copy", to).ConfigureAwait(false) is not { } toLocation)
            {
                return ExitCodes.UsageOrConnection;
            }
            if (toLocation is FolderLocation && Directory.Exists(to) && Directory.EnumerateFileSystemEntries(to).Any())
            {
                await Console.Error.WriteLineAsync($"conifer store copy: the destination '{to}' is not empty.").ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            }
            if (CommonOptions.IsUrl(from))
            {
                if (toLocation is DatabaseLocation)
                {
                    await Console.Error.WriteLineAsync($"conifer store copy: a live copy through a server goes into a folder; copy it into one, then copy that folder to '{toLocation.Display}'.").ConfigureAwait(false);
                    return ExitCodes.UsageOrConnection;
                }
                return await CopyFromServerAsync(from, to, CommonOptions.ResolvePassword(result, password), result.GetValue(json), cancellationToken).ConfigureAwait(false);
            }
            if (await StoreArgument.ParseAsync("store copy", from).ConfigureAwait(false) is not { } fromLocation)
            {
                return ExitCodes.UsageOrConnection;
            }
            if (fromLocation is DatabaseLocation || toLocation is DatabaseLocation)
            {
                return await CopyWithDatabaseAsync(fromLocation, toLocation, result.GetValue(json), cancellationToken).ConfigureAwait(false);
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
            catch (Exception e) when (StoreArgument.IsStoreProblem(e))
            {
                await Console.Error.WriteLineAsync($"conifer store copy: {e.Message}").ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            }
            PrintCopied($"Copied '{from}' to '{to}'.", from, to, live: false, result.GetValue(json));
            return ExitCodes.Success;
        });
        return command;
    }

    // A database on either side: the PostgreSQL tools copy records, snapshots, blobs and reports as they are, then verify the copy.
    private static async Task<int> CopyWithDatabaseAsync(StoreLocation from, StoreLocation to, bool json, CancellationToken cancellationToken)
    {
        VerifyReport report;
        try
        {
            report = await ProgressDisplay.RunAsync("Copying", quiet: json, progress => PostgresStoreTools.CopyAsync(from, to, progress, cancellationToken)).ConfigureAwait(false);
        }
        catch (Exception e) when (StoreArgument.IsStoreProblem(e))
        {
            var which = StoreArgument.IsUnreachable(e) ? $"cannot reach the database: {e.Message}" : e.Message;
            await Console.Error.WriteLineAsync($"conifer store copy: {which}").ConfigureAwait(false);
            return ExitCodes.UsageOrConnection;
        }
        if (!report.IsClean)
        {
            await Console.Error.WriteLineAsync($"conifer store copy: the copy at '{to.Display}' does not verify ({report.Problems.Count} problem(s)):").ConfigureAwait(false);
            foreach (var problem in report.Problems)
            {
                await Console.Error.WriteLineAsync("  " + problem).ConfigureAwait(false);
            }
            return ExitCodes.Rejected;
        }
        PrintCopied($"Copied '{from.Display}' to '{to.Display}' and verified the copy: {report.Records} record(s), {report.Snapshots} snapshot(s), {report.Blobs} blob(s).",
            from.Display, to.Display, live: false, json);
        return ExitCodes.Success;
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
        var host = new Argument<string>("HOST") { Description = "A running server's admin URL, or " + StoreArgument.Help + " no server holds." };
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
            if (await StoreArgument.ParseAsync("store truncate", target).ConfigureAwait(false) is not { } location)
            {
                return ExitCodes.UsageOrConnection;
            }
            TruncateResult truncated;
            try
            {
                // A database store is opened as its writer (taking the lease, so a running primary is not raced); a folder as before.
                IOwnedProcessStore store = location is DatabaseLocation ? await ProcessStores.OpenAsync(location, cancellationToken: cancellationToken).ConfigureAwait(false) : FileProcessStore.Open(target);
                await using (store.ConfigureAwait(false))
                {
                    truncated = await store.TruncateAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (StoreArgument.IsStoreProblem(e))
            {
                await Console.Error.WriteLineAsync(StoreArgument.Describe("store truncate", location.Display, e)).ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            }
            PrintTruncated(truncated.KeptFromSnapshot?.CoversThroughSequence, truncated.SegmentsDeleted, truncated.SnapshotsDeleted, truncated.BytesFreed, result.GetValue(json));
            return ExitCodes.Success;
        });
        return command;
    }
}

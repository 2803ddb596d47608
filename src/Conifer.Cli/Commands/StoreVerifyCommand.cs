using System.CommandLine;
using System.Text.Json;
using Conifer.Runtime.Reports;
using Conifer.Runtime.Verification;
using Conifer.Store.Exceptions;
using Conifer.Store.Locations;
using Conifer.Store.Postgres;
using Conifer.Store.Tools;

namespace Conifer.Cli.Commands;

/// <summary>
/// <c>conifer store verify DIR [--replay [--other-environment]] [--json]</c>: every checksum, chain link, snapshot and blob; with
/// <c>--replay</c> also the whole log replayed under each record's own app version against every snapshot and deploy
/// state it reaches; with <c>--other-environment</c> also replayed in a second process set up like another machine and
/// compared record by record (<see cref="OtherEnvironmentReplay"/>). Reads only, without the store's lock, so it works
/// beside a running server.
/// </summary>
internal static class StoreVerifyCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "The store, " + StoreArgument.Help + " (a running server may hold it: verify only reads)." };
        var replay = new Option<bool>("--replay")
        {
            Description = "Also replay the whole log from its oldest start, each record under its own app version, and compare every later " +
                "snapshot and deploy state: names the first record and state path where the app turns out not to be deterministic (exit 1).",
        };
        var otherEnvironment = new Option<bool>("--other-environment")
        {
            Description = "With --replay: also replay in a second process with another time zone, locale, instruction set, JIT, GC and " +
                "processor count, and compare the states record by record: names the first record whose state depends on the machine (exit 1).",
        };
        var storeOnly = new Option<bool>("--store-only")
        {
            Description = "Check only what the store itself defines (frames, chains, snapshots, blob hashes), not the blobs the runtime's records name: for stores written by the store alone, such as its test stores.",
        };
        var json = CommonOptions.Json();
        var command = new Command("verify", "Check every record checksum, chain link, snapshot and blob; print where any damage is (exit 1).")
        {
            dir, replay, otherEnvironment, storeOnly, json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var target = result.GetValue(dir)!;
            var quiet = result.GetValue(json);
            if (await StoreArgument.ParseAsync("store verify", target).ConfigureAwait(false) is not { } location)
            {
                return ExitCodes.UsageOrConnection;
            }
            if (location is FolderLocation && !Directory.Exists(target))
            {
                await Console.Error.WriteLineAsync($"conifer store verify: the store directory '{target}' does not exist.").ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            }
            if (result.GetValue(otherEnvironment) && !result.GetValue(replay))
            {
                await Console.Error.WriteLineAsync("conifer store verify: --other-environment compares two replays; add --replay.").ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            }
            var blobReferences = result.GetValue(storeOnly) ? null : LogBlobReferences.Instance;
            VerifyReport report;
            if (location is DatabaseLocation database)
            {
                try
                {
                    report = await ProgressDisplay.RunAsync("Verifying", quiet, progress => PostgresStoreTools.VerifyAsync(database, blobReferences, progress, cancellationToken)).ConfigureAwait(false);
                }
                catch (Exception e) when (StoreArgument.IsStoreProblem(e))
                {
                    await Console.Error.WriteLineAsync(StoreArgument.Describe("store verify", target, e)).ConfigureAwait(false);
                    return ExitCodes.UsageOrConnection;
                }
            }
            else
            {
                report = ProgressDisplay.Run("Verifying", quiet, progress => StoreTools.Verify(target, progress: progress, blobReferences: blobReferences));
            }
            if (!result.GetValue(replay))
            {
                return quiet ? PrintJson(report, replayRequested: false, null) : PrintDamage(report);
            }
            // Replaying past damage would only report the damage again, as a divergence: the plain check names it better.
            Replayed? replayed = report.IsClean ? await ReplayAsync(target, quiet).ConfigureAwait(false) : null;
            var other = replayed is { Report: not null } && result.GetValue(otherEnvironment)
                ? (await OtherEnvironmentReplay.RunAsync([target], SelfCommand.Resolve(), OtherEnvironmentTimeout).ConfigureAwait(false))[0]
                : null;
            if (quiet)
            {
                return Worse(PrintJson(report, replayRequested: true, replayed, other), other);
            }
            var exit = PrintDamage(report);
            if (replayed is null)
            {
                Console.WriteLine("Replay skipped: the store is damaged.");
                return exit;
            }
            exit = PrintReplay(replayed.Value);
            return other is null ? exit : Worse(exit, other, OtherEnvironmentPrinter.Print(other));
        });
        return command;
    }

    private static readonly TimeSpan OtherEnvironmentTimeout = TimeSpan.FromMinutes(30);

    private static int Worse(int exit, OtherEnvironmentReport? other, int? printed = null) =>
        exit != ExitCodes.Success ? exit : printed ?? (other is null || other.Matches ? ExitCodes.Success : ExitCodes.Rejected);

    private readonly record struct Replayed(ReplayReport? Report, string? Error, int ExitCode);

    private static async Task<Replayed> ReplayAsync(string target, bool quiet)
    {
        try
        {
            var report = await ProgressDisplay.RestoreAsync(quiet, progress => ReplayVerifier.RunAsync(target, progress), "Replaying").ConfigureAwait(false);
            return new Replayed(report, null, report.Matches ? ExitCodes.Success : ExitCodes.Rejected);
        }
        catch (Exception e) when (e is StoreCorruptException or InvalidDataException)
        {
            return new Replayed(null, $"the store is damaged: {e.Message}", ExitCodes.Rejected);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or StoreFormatVersionException or StoreNotFoundException || StoreArgument.IsUnreachable(e))
        {
            // A truncate by the running owner deletes segments the replay was about to read.
            return new Replayed(null, $"the store could not be read to the end ({e.Message}); if a server truncated it meanwhile, run the command again", ExitCodes.UsageOrConnection);
        }
    }

    private static int PrintJson(VerifyReport report, bool replayRequested, Replayed? replayed, OtherEnvironmentReport? other = null)
    {
        if (!replayRequested)
        {
            Console.WriteLine(JsonSerializer.Serialize(report, ReportJson.Options));
            return ExitOf(report);
        }
        var node = JsonSerializer.SerializeToNode(report, ReportJson.Options)!.AsObject();
        node["replay"] = replayed?.Report is { } replay ? JsonSerializer.SerializeToNode(replay, ReportJson.Options) : null;
        node["replayError"] = replayed is { } r ? r.Error : "skipped: the store is damaged";
        if (other is not null)
        {
            node["otherEnvironment"] = JsonSerializer.SerializeToNode(other, ReportJson.Options);
        }
        Console.WriteLine(node.ToJsonString(ReportJson.Options));
        return replayed?.ExitCode ?? ExitCodes.Rejected;
    }

    private static int ExitOf(VerifyReport report) =>
        !report.IsClean ? ExitCodes.Rejected : report.TornTail is not null ? ExitCodes.TornTail : ExitCodes.Success;

    private static int PrintDamage(VerifyReport report)
    {
        Console.WriteLine($"{report.Segments} segment(s), {report.Records} valid record(s), {report.Snapshots} snapshot(s), {report.Blobs} blob(s) " +
            $"and {report.BlobReferencesChecked ?? 0} blob reference(s) checked.");
        foreach (var leftover in report.Leftovers)
        {
            Console.WriteLine("  leftover: " + leftover);
        }
        if (!report.IsClean)
        {
            Console.WriteLine($"{report.Problems.Count} problem(s):");
            foreach (var problem in report.Problems)
            {
                Console.WriteLine("  " + problem);
            }
            Console.WriteLine("See docs/operations.md for what to do about each kind of damage.");
            return ExitCodes.Rejected;
        }
        if (report.TornTail is { } tail)
        {
            Console.WriteLine($"The log ends in a torn last batch (a crash during a write); the next writable open cuts it: {tail.File} at offset {tail.Offset}, " +
                $"{tail.BytesCut} byte(s), {tail.RecordsCut} record(s) after record {tail.LastValidSequence} ({tail.Reason}).");
            Console.WriteLine("No acknowledged record is lost; the store is otherwise sound (exit 3).");
            return ExitCodes.TornTail;
        }
        Console.WriteLine("The store is sound.");
        return ExitCodes.Success;
    }

    private static int PrintReplay(Replayed replayed)
    {
        if (replayed.Report is not { } report)
        {
            Console.Error.WriteLine($"conifer store verify: {replayed.Error}");
            if (replayed.ExitCode == ExitCodes.Rejected)
            {
                Console.WriteLine("See docs/operations.md for what to do about each kind of damage.");
            }
            return replayed.ExitCode;
        }
        var from = report.StartSequence == 0 ? "the empty process (the log begins at record 1)" : $"the snapshot through record {report.StartSequence}";
        var counts = $"{report.RecordsReplayed} record(s) replayed from {from}, each under its own app version; " +
            $"{report.SnapshotsCompared} snapshot(s) and {report.DeploysCompared} deploy state(s) compared";
        if (report.Divergence is not { } divergence)
        {
            Console.WriteLine($"{counts}: every one matches the replay.");
            return ExitCodes.Success;
        }
        Console.WriteLine($"{counts} before the replay diverged:");
        Console.WriteLine("  " + divergence.Message);
        Console.WriteLine($"  record:   {divergence.Sequence} ({divergence.Kind?.ToString() ?? "start snapshot"}, version {divergence.VersionId ?? "(none)"})");
        Console.WriteLine($"  arose in: records {divergence.SinceSequence}..{divergence.Sequence} (after the last checkpoint that matched)");
        if (divergence.Path is not null)
        {
            Console.WriteLine($"  path:     {divergence.Path}");
            Console.WriteLine($"  stored:   {divergence.Stored}");
            Console.WriteLine($"  replayed: {divergence.Replayed}");
        }
        Console.WriteLine("The app does not compute from its log what the store holds. See docs/operations.md (\"Checking a store\").");
        return ExitCodes.Rejected;
    }
}

using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conifer.Runtime.Reports;
using Conifer.Store.Locations;

namespace Conifer.Cli.Commands;

/// <summary><c>conifer history HOST|DIR [--json]</c>: every deploy attempt with its outcome, pause and the records between deploys.</summary>
internal static class HistoryCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var host = new Argument<string>("HOST") { Description = "A running server's admin URL, or " + StoreArgument.Help + "." };
        var password = CommonOptions.AdminPassword();
        var json = CommonOptions.Json();
        var command = new Command("history", "Show the deploy history: version ids, times, outcome, pause, log records between deploys.")
        {
            host, password, json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var target = result.GetValue(host)!;
            JsonObject history;
            if (CommonOptions.IsUrl(target))
            {
                using var admin = new AdminClient(target, CommonOptions.ResolvePassword(result, password));
                if (await admin.SendAsync(HttpMethod.Get, "api/history", null, cancellationToken).ConfigureAwait(false) is not { } answer)
                {
                    return ExitCodes.UsageOrConnection;
                }
                if (answer.Status != HttpStatusCode.OK)
                {
                    await Console.Error.WriteLineAsync($"conifer history: the server answered {(int)answer.Status}: {AdminClient.ErrorOf(answer.Text)}").ConfigureAwait(false);
                    return ExitCodes.UsageOrConnection;
                }
                history = JsonNode.Parse(answer.Text)!.AsObject();
            }
            else
            {
                if (await StoreArgument.ParseAsync("history", target).ConfigureAwait(false) is not { } location)
                {
                    return ExitCodes.UsageOrConnection;
                }
                if (location is FolderLocation && FolderArgument.Problem("history", "store directory", target) is { } problem)
                {
                    await Console.Error.WriteLineAsync(problem).ConfigureAwait(false);
                    return ExitCodes.UsageOrConnection;
                }
                IReadOnlyList<DeployReport> reports;
                try
                {
                    reports = await StoreReports.ReadAsync(location, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (StoreArgument.IsStoreProblem(e))
                {
                    await Console.Error.WriteLineAsync(StoreArgument.Describe("history", target, e)).ConfigureAwait(false);
                    return ExitCodes.UsageOrConnection;
                }
                // The repair journal is a folder's file (a database store repairs nothing by cutting files).
                var repairs = (location is FolderLocation folder ? Conifer.Store.Repairs.RepairJournal.Read(folder.Directory) : [])
                    .Select(r => new { r.At, Kind = r.Kind.ToString(), r.File, r.Offset, r.Bytes, r.Records, r.LastKeptSequence, r.Reason, Text = r.ToString() });
                history = JsonSerializer.SerializeToNode(new { FormatVersion = 1, Deploys = reports, StoreRepairs = repairs }, ReportJson.Options)!.AsObject();
            }
            if (result.GetValue(json))
            {
                Console.WriteLine(history.ToJsonString(Indented));
                return ExitCodes.Success;
            }
            Print(history);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(JsonObject history)
    {
        PrintDeploys(history);
        // Repairs come after the deploys, so that they are the last thing a person reads.
        foreach (var repair in history["storeRepairs"]?.AsArray() ?? [])
        {
            var at = repair!["at"]!.GetValue<DateTimeOffset>().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            Console.WriteLine($"{at,-20} store repair: {repair["text"]}");
        }
    }

    private static void PrintDeploys(JsonObject history)
    {
        var deploys = history["deploys"]?.AsArray() ?? [];
        if (deploys.Count == 0)
        {
            Console.WriteLine("No deploy has been attempted on this store.");
            return;
        }
        Console.WriteLine($"{"began",-20} {"outcome",-10} {"mode",-18} {"version",-14} {"pause ms",9} {"record",8} {"records since",13}");
        long? previous = null;
        foreach (var deploy in deploys)
        {
            var began = Timestamps.Format(deploy!["beganAt"]!.GetValue<DateTimeOffset>());
            var outcome = deploy["outcome"]!.ToString() + (deploy["dryRun"]?.GetValue<bool>() == true ? "*" : "");
            var version = deploy["newVersionId"]?.GetValue<string>() is { } v ? v[..Math.Min(12, v.Length)] : "-";
            var sequence = deploy["sequence"]?.GetValue<long>();
            var since = sequence is { } s && previous is { } p ? (s - p - 1).ToString(CultureInfo.InvariantCulture) : "";
            var pause = deploy["pauseMilli"]!.GetValue<double>().ToString("0.0", CultureInfo.InvariantCulture);
            Console.WriteLine($"{began,-20} {outcome,-10} {deploy["mode"],-18} {version,-14} {pause,9} {sequence?.ToString(CultureInfo.InvariantCulture) ?? "-",8} {since,13}");
            if (deploy["error"]?.GetValue<string>() is { } error)
            {
                Console.WriteLine($"    {error}");
            }
            if (deploy["revert"] is JsonObject revert)
            {
                Console.WriteLine($"    reverted to record {revert["toSequence"]}, discarding {revert["discardedEvents"]} event(s), " +
                    $"{revert["discardedAdminChanges"]} admin change(s) and {revert["discardedDeploys"]} deploy(s)");
            }
            previous = sequence ?? previous;
        }
        if (history["lastSequence"]?.GetValue<long>() is { } last && previous is { } lastDeploy)
        {
            Console.WriteLine($"{last - lastDeploy} record(s) since the last deploy (last record {last}).");
        }
        Console.WriteLine("(* = dry run; records since = log records between this deploy record and the one before)");
    }
}

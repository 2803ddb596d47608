using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Conifer.Compiler;
using Conifer.Runtime.Rehearsal;
using Conifer.Runtime.Reports;

namespace Conifer.Cli.Commands;

/// <summary>
/// <c>conifer migrate test SRC --state FILE|--from HOST|--process-store DIR [--out FILE] [--json]</c>:
/// runs a deploy's steps 1–4 on a copy of the state, exactly as the runtime would, and never
/// writes to where the state came from.
/// </summary>
internal static class MigrateTestCommand
{
    private const int DifferencesShown = 10;

    public static Command Create()
    {
        var source = new Argument<string>("SRC") { Description = "The new version's source folder." };
        var state = new Option<string?>("--state") { Description = "A state file: an export (JSON or .cvt), a JSON tree or a value document." };
        var from = new Option<string?>("--from") { Description = "Read the state from a running server's admin URL (or " + StoreArgument.Help + ")." };
        var store = new Option<string?>("--process-store") { Description = "Read the state from a store, read-only (a server may own it): " + StoreArgument.Help + "." };
        var output = new Option<string?>("--out") { Description = "Write the new state here: MessagePack for .cvt, JSON otherwise." };
        var timeout = new Option<double>("--migration-timeout") { Description = "Seconds Migrate may run.", DefaultValueFactory = _ => 60 };
        var password = CommonOptions.AdminPassword();
        var json = CommonOptions.Json();
        var command = new Command("test", "Run the new version's migration on a copy of the stored state, as a deploy would; nothing is written.")
        {
            source, state, from, store, output, timeout, password, json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var sourceDir = result.GetValue(source)!;
            if (!Directory.Exists(sourceDir))
            {
                await Console.Error.WriteLineAsync($"conifer migrate test: the source folder '{sourceDir}' does not exist.").ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            }
            var readMilli = 0.0;
            var rehearsalMilli = 0.0;
            StateExport? stored = null;
            var rehearsal = await ProgressDisplay.StepsAsync("Migrate test", result.GetValue(json), async progress =>
            {
                progress.Report(new StepProgress("reading the state", 0, StepCount(migrating: true)));
                var readStarted = Stopwatch.GetTimestamp();
                stored = await StateSources.ReadAsync("migrate test", result.GetValue(state), result.GetValue(from), result.GetValue(store),
                    CommonOptions.ResolvePassword(result, password), cancellationToken).ConfigureAwait(false);
                readMilli = Stopwatch.GetElapsedTime(readStarted).TotalMilliseconds;
                if (stored is null)
                {
                    return null;
                }
                var rehearsalStarted = Stopwatch.GetTimestamp();
                // Compiling and migrating are CPU work: off the caller's thread, so a terminal's bar keeps drawing.
                var steps = new RehearsalSteps(progress, StepCount(migrating: stored.State is not null));
                var done = await Task.Run(() => MigrationRehearsal.Run(AppSource.FromDirectory(sourceDir), stored.State, timeout: TimeSpan.FromSeconds(result.GetValue(timeout)), progress: steps, storedVersionId: stored.VersionId), cancellationToken).ConfigureAwait(false);
                rehearsalMilli = Stopwatch.GetElapsedTime(rehearsalStarted).TotalMilliseconds;
                return done;
            }).ConfigureAwait(false);
            if (rehearsal is null || stored is null)
            {
                return ExitCodes.UsageOrConnection;
            }
            var report = rehearsal.Report;
            var summaryStarted = Stopwatch.GetTimestamp();
            var collections = rehearsal.NewTree is { } tree ? StateSummary.Collections(tree) : [];
            var differences = rehearsal.NewTree is { } after ? StateSummary.Differences(stored.State, after, DifferencesShown) : [];
            var summaryMilli = Stopwatch.GetElapsedTime(summaryStarted).TotalMilliseconds;
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    Report = report,
                    Timing = new { ReadStateMilli = readMilli, RehearsalMilli = rehearsalMilli, SummaryMilli = summaryMilli },
                    Collections = collections.Select(c => new { c.Path, c.Items, c.Collections }),
                    Differences = differences,
                }, ReportJson.Options));
            }
            else
            {
                PrintReport(report);
                PrintSummary(collections, differences);
                Console.WriteLine($"Time: reading the state {readMilli:0} ms, compile and steps {rehearsalMilli:0} ms, summary {summaryMilli:0} ms.");
            }
            if (rehearsal.NewTree is { } newTree && result.GetValue(output) is { } outPath)
            {
                new StateExport(report.NewVersionId, newTree).WriteFile(outPath);
                if (!result.GetValue(json))
                {
                    Console.WriteLine($"New state written to {outPath}.");
                }
            }
            return rehearsal.Passed ? ExitCodes.Success : ExitCodes.Rejected;
        });
        return command;
    }

    /// <summary>Reading the state, then the rehearsal's steps: compile, read as Prev, Migrate, encode (or compile, Init, encode).</summary>
    private static int StepCount(bool migrating) => migrating ? 5 : 4;

    /// <summary>Turns the rehearsal's step names into the command's numbered steps (reading the state was the first).</summary>
    private sealed class RehearsalSteps(IProgress<StepProgress> progress, int total) : IProgress<string>
    {
        private int _done = 1;

        public void Report(string value)
        {
            var step = value switch
            {
                "compile" => "compiling",
                "read-previous-state" => "reading the state as Prev (lenient check)",
                "migrate" => "running Migrate",
                "init" => "running Init",
                "check-new-state" => "encoding the new state",
                _ => value,
            };
            progress.Report(new StepProgress(step, _done++, total));
        }
    }

    /// <summary>Like a deploy report on the terminal, worded for a rehearsal: nothing is ever committed.</summary>
    private static void PrintReport(DeployReport report)
    {
        var passed = report.Outcome == DeployOutcome.DryRunPassed;
        var output = passed ? Console.Out : Console.Error;
        output.WriteLine(passed
            ? $"Migration test passed: deploying version {Short(report.NewVersionId)} onto this state would commit. Nothing was written."
            : $"Migration test failed: {report.Error}");
        foreach (var step in report.Steps)
        {
            output.WriteLine($"  {(step.Ok ? "ok  " : "FAIL")} {step.Name,-20} {step.DurationMilli,9:0.0} ms  {step.Detail}");
        }
        foreach (var line in report.Diagnostics.Concat(report.Mismatches))
        {
            output.WriteLine("  " + line);
        }
        ReportPrinter.PrintWarnings(report, output);
        if (report.MigrationException is { } exception)
        {
            output.WriteLine(exception);
        }
    }

    private static string Short(string? id) => id is null ? "(none)" : id[..Math.Min(12, id.Length)];

    private static void PrintSummary(System.Collections.Immutable.ImmutableArray<(string Path, long Items, long Collections)> collections, System.Collections.Immutable.ImmutableArray<string> differences)
    {
        if (!collections.IsEmpty)
        {
            Console.WriteLine("Collections in the new state:");
        }
        foreach (var (path, items, count) in collections)
        {
            Console.WriteLine(count == 1 ? $"  {path}: {items} item(s)" : $"  {path}: {items} item(s) in {count} collections");
        }
        if (differences.IsEmpty)
        {
            return;
        }
        Console.WriteLine($"First differences from the stored state (up to {DifferencesShown}):");
        foreach (var line in differences)
        {
            Console.WriteLine("  " + line);
        }
    }
}

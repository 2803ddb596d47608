using Conifer.Store;
using Spectre.Console;

namespace Conifer.Cli;

/// <summary>
/// Progress of a long command: a Spectre.Console bar on an interactive terminal, a few plain lines on
/// standard error otherwise (logs, CI, pipes), and nothing at all when <c>quiet</c> (<c>--json</c>).
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/>, showing the byte progress it reports.</summary>
    public static T Run<T>(string title, bool quiet, Func<IProgress<StoreProgress>, T> work)
    {
        if (quiet)
        {
            return work(new Reporter(_ => { }));
        }
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            var lastQuarter = -1L;
            return work(new Reporter(p =>
            {
                // Plain lines at 0, 25, 50, 75 and 100 %: enough to see it move without flooding a log.
                var quarter = p.BytesTotal <= 0 ? 4 : p.BytesDone * 4 / p.BytesTotal;
                if (quarter > lastQuarter)
                {
                    lastQuarter = quarter;
                    Console.Error.WriteLine($"{title}: {quarter * 25}% ({p.BytesDone} of {p.BytesTotal} bytes)");
                }
            }));
        }
        return AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(title, maxValue: 1);
                return work(new Reporter(p =>
                {
                    task.MaxValue = Math.Max(1, p.BytesTotal);
                    task.Value = p.BytesDone;
                }));
            });
    }

    /// <summary>Opens (or, titled otherwise, replays) a process, showing the records replayed (the same three modes as <see cref="Run{T}"/>).</summary>
    public static async Task<T> RestoreAsync<T>(bool quiet, Func<IProgress<Runtime.Restore.RestoreProgress>, Task<T>> work, string title = "Restoring")
    {
        if (quiet)
        {
            return await work(new RestoreReporter(_ => { })).ConfigureAwait(false);
        }
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await work(new RestoreReporter(p =>
            {
                if (p.Phase is "ready" || p.RecordsDone == 0)
                {
                    Console.Error.WriteLine($"{title}: {p.Phase} ({p.RecordsDone} of {p.RecordsTotal} records)");
                }
            })).ConfigureAwait(false);
        }
        return await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(title, maxValue: 1);
                return await work(new RestoreReporter(p =>
                {
                    task.Description = title + ": " + p.Phase;
                    task.MaxValue = Math.Max(1, p.RecordsTotal);
                    task.Value = p.RecordsDone;
                })).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs work that goes through named steps (<see cref="StepProgress"/>): a bar whose label names the step on a
    /// terminal, one plain line per step (and per quarter of a byte count) on standard error otherwise, nothing when
    /// <paramref name="quiet"/>.
    /// </summary>
    public static async Task<T> StepsAsync<T>(string title, bool quiet, Func<IProgress<StepProgress>, Task<T>> work)
    {
        if (quiet)
        {
            return await work(new StepReporter(_ => { })).ConfigureAwait(false);
        }
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            string? lastStep = null;
            var lastQuarter = -1L;
            return await work(new StepReporter(p =>
            {
                var quarter = p.CountsBytes && p.Total > 0 ? p.Done * 4 / p.Total : 0;
                if (p.Step != lastStep || quarter > lastQuarter)
                {
                    (lastStep, lastQuarter) = (p.Step, quarter);
                    Console.Error.WriteLine($"{title}: {p}");
                }
            })).ConfigureAwait(false);
        }
        return await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(title, maxValue: 1);
                return await work(new StepReporter(p =>
                {
                    task.Description = $"{title}: {Markup.Escape(p.Step)}";
                    task.IsIndeterminate = p.Total <= 0;
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                })).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    private sealed class StepReporter(Action<StepProgress> report) : IProgress<StepProgress>
    {
        public void Report(StepProgress value) => report(value);
    }

    private sealed class RestoreReporter(Action<Runtime.Restore.RestoreProgress> report) : IProgress<Runtime.Restore.RestoreProgress>
    {
        public void Report(Runtime.Restore.RestoreProgress value) => report(value);
    }

    /// <summary>Reports synchronously on the caller's thread (<see cref="Progress{T}"/> would post to a pool thread and reorder).</summary>
    private sealed class Reporter(Action<StoreProgress> report) : IProgress<StoreProgress>
    {
        public void Report(StoreProgress value) => report(value);
    }
}

using Conifer.Runtime.Restore;
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
    public static T Run<T>(string title, bool quiet, Func<IProgress<StoreProgress>, T> work) =>
        RunAsync(title, quiet, progress => Task.FromResult(work(progress))).GetAwaiter().GetResult();

    /// <summary>Runs <paramref name="work"/> until its task ends, showing the byte progress it reports.</summary>
    public static Task<T> RunAsync<T>(string title, bool quiet, Func<IProgress<StoreProgress>, Task<T>> work) =>
        ShowAsync(title, quiet, work,
            () =>
            {
                // Plain lines at 0, 25, 50, 75 and 100 %: enough to see it move without flooding a log.
                var lastQuarter = -1L;
                return p =>
                {
                    var quarter = p.BytesTotal <= 0 ? 4 : p.BytesDone * 4 / p.BytesTotal;
                    if (quarter <= lastQuarter)
                    {
                        return null;
                    }
                    lastQuarter = quarter;
                    return $"{quarter * 25}% ({p.BytesDone} of {p.BytesTotal} bytes)";
                };
            },
            (task, p) =>
            {
                task.MaxValue = Math.Max(1, p.BytesTotal);
                task.Value = p.BytesDone;
            },
            new RemainingTimeColumn());

    /// <summary>Opens (or, titled otherwise, replays) a process, showing the records replayed.</summary>
    public static Task<T> RestoreAsync<T>(bool quiet, Func<IProgress<RestoreProgress>, Task<T>> work, string title = "Restoring") =>
        ShowAsync(title, quiet, work,
            () => p => p.Phase is "ready" || p.RecordsDone == 0 ? $"{p.Phase} ({p.RecordsDone} of {p.RecordsTotal} records)" : null,
            (task, p) =>
            {
                task.Description = title + ": " + p.Phase;
                task.MaxValue = Math.Max(1, p.RecordsTotal);
                task.Value = p.RecordsDone;
            },
            new RemainingTimeColumn());

    /// <summary>
    /// Runs work that goes through named steps (<see cref="StepProgress"/>): a bar whose label names the step on a
    /// terminal, one plain line per step (and per quarter of a byte count) otherwise.
    /// </summary>
    public static Task<T> StepsAsync<T>(string title, bool quiet, Func<IProgress<StepProgress>, Task<T>> work) =>
        ShowAsync(title, quiet, work,
            () =>
            {
                string? lastStep = null;
                var lastQuarter = -1L;
                return p =>
                {
                    var quarter = p.CountsBytes && p.Total > 0 ? p.Done * 4 / p.Total : 0;
                    if (p.Step == lastStep && quarter <= lastQuarter)
                    {
                        return null;
                    }
                    (lastStep, lastQuarter) = (p.Step, quarter);
                    return p.ToString();
                };
            },
            (task, p) =>
            {
                task.Description = $"{title}: {Markup.Escape(p.Step)}";
                task.IsIndeterminate = p.Total <= 0;
                task.MaxValue = Math.Max(1, p.Total);
                task.Value = p.Done;
            },
            new ElapsedTimeColumn(), new SpinnerColumn());

    /// <summary>The three modes, once: <paramref name="plainLine"/> makes a fresh filter that says which reports get a line.</summary>
    private static async Task<TResult> ShowAsync<TReport, TResult>(
        string title,
        bool quiet,
        Func<IProgress<TReport>, Task<TResult>> work,
        Func<Func<TReport, string?>> plainLine,
        Action<ProgressTask, TReport> updateBar,
        params ProgressColumn[] trailingColumns)
    {
        if (quiet)
        {
            return await work(new Reporter<TReport>(_ => { })).ConfigureAwait(false);
        }
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            var line = plainLine();
            return await work(new Reporter<TReport>(p =>
            {
                if (line(p) is { } text)
                {
                    Console.Error.WriteLine($"{title}: {text}");
                }
            })).ConfigureAwait(false);
        }
        return await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns([new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), .. trailingColumns])
            .StartAsync(async context =>
            {
                var task = context.AddTask(title, maxValue: 1);
                return await work(new Reporter<TReport>(p => updateBar(task, p))).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    /// <summary>Reports synchronously on the caller's thread (<see cref="Progress{T}"/> would post to a pool thread and reorder).</summary>
    private sealed class Reporter<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

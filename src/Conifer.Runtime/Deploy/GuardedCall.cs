using Conifer.App.Metering;

namespace Conifer.Runtime.Deploy;

/// <summary>
/// Runs user code (<c>Migrate</c>, <c>Init</c>, admin functions, eval) on its own thread with a time
/// limit, turning an exception or a timeout into a value. Metered app code stops itself at the limit;
/// code that is not metered (a BCL call that never returns) leaves its thread behind, which is why
/// the deploy first proves a migration in a child process and this guard is the in-process backstop.
/// </summary>
internal static class GuardedCall
{
    /// <summary>Deep but finite recursion in a migration gets more room than a thread-pool thread has.</summary>
    private const int StackBytes = 64 * 1024 * 1024;

    public abstract record Outcome<T>
    {
        private Outcome()
        {
        }

        public sealed record Returned(T Value) : Outcome<T>;

        public sealed record Threw(Exception Exception) : Outcome<T>;

        public sealed record TimedOut(TimeSpan Limit) : Outcome<T>;
    }

    public static Outcome<T> Run<T>(Func<T> call, TimeSpan limit)
    {
        Outcome<T>? outcome = null;
        var thread = new Thread(
            () =>
            {
                // The metered app code stops itself at the limit, so a runaway call frees its
                // thread instead of spinning on after the caller has given up on it. A call that ran
                // past its limit does not count even if it returned, or threw something else (a
                // finally that replaced its stop): its result would depend on the machine's speed.
                using var scope = ExecutionBudget.Limit(limit);
                try
                {
                    var value = call();
                    outcome = scope.Overrun is { } overrun ? Stopped<T>(overrun, limit) : new Outcome<T>.Returned(value);
                }
                catch (Exception e)
                {
                    outcome = Stopped<T>(scope.Overrun ?? e, limit);
                }
            },
            StackBytes)
        {
            IsBackground = true,
            Name = "conifer-migration",
        };
        thread.Start();
        // A little grace past the limit: the call notices the limit itself at its next loop or call.
        var wait = limit == Timeout.InfiniteTimeSpan ? limit : limit + TimeSpan.FromSeconds(1);
        return thread.Join(wait) ? outcome! : new Outcome<T>.TimedOut(limit);
    }

    private static Outcome<T> Stopped<T>(Exception exception, TimeSpan limit) =>
        exception is ExecutionBudgetExceededException ? new Outcome<T>.TimedOut(limit) : new Outcome<T>.Threw(exception);
}

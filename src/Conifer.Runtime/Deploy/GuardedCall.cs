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
                try
                {
                    // The metered app code stops itself at the limit, so a runaway call frees its
                    // thread instead of spinning on after the caller has given up on it.
                    using (ExecutionBudget.Limit(limit))
                    {
                        outcome = new Outcome<T>.Returned(call());
                    }
                }
                catch (ExecutionBudgetExceededException)
                {
                    outcome = new Outcome<T>.TimedOut(limit);
                }
                catch (Exception e)
                {
                    outcome = new Outcome<T>.Threw(e);
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
}

namespace Conifer.Runtime.Deploy;

/// <summary>
/// Runs user code (<c>Migrate</c>, <c>Init</c>) on its own thread with a time limit, turning an
/// exception or a timeout into a value. A thread cannot be stopped safely once it runs away, so
/// the deploy first proves a migration in a child process; this guard is the in-process backstop.
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
                    outcome = new Outcome<T>.Returned(call());
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
        return thread.Join(limit) ? outcome! : new Outcome<T>.TimedOut(limit);
    }
}

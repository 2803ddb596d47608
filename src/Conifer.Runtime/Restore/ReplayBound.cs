namespace Conifer.Runtime.Restore;

/// <summary>
/// How long replaying one record may take. Replay must reach the state the process had, so it is
/// not held to the live limit (a slower machine must still restore), but neither may it run
/// without any: a record that cannot finish (logged by an older Conifer whose limit an app could
/// swallow, or made under a limit since lowered) would otherwise keep the store in "restoring"
/// forever. So each record gets a generous multiple of the limit it ran under when it was made.
/// </summary>
/// <param name="Event">The bound of one app event's record; zero or negative: none.</param>
/// <param name="Admin">The bound of one admin function's or eval script's record; zero or negative: none.</param>
internal sealed record ReplayBound(TimeSpan Event, TimeSpan Admin)
{
    /// <summary>The bound for a process run with <paramref name="options"/>.</summary>
    public static ReplayBound For(RuntimeOptions options) =>
        new(Times(options.EventTimeLimit, options.ReplayLimitFactor), Times(options.MigrationTimeout, options.ReplayLimitFactor));

    /// <summary>The bound under the default limits (tools that read a store without a server's options).</summary>
    public static ReplayBound Default { get; } = For(new RuntimeOptions { StoreDirectory = "." });

    // A limit of zero or an infinite one (no limit) stays unbounded; so does a product too large for a TimeSpan.
    private static TimeSpan Times(TimeSpan limit, int factor) =>
        limit <= TimeSpan.Zero || limit.TotalDays * factor > 10_000 ? Timeout.InfiniteTimeSpan : limit * factor;
}

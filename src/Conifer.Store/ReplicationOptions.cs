namespace Conifer.Store;

/// <summary>How a process holds (or waits for) the writer's lease of a replicated store (DESIGN §8). A folder ignores them.</summary>
public sealed record ReplicationOptions
{
    /// <summary>The defaults: a 5-second lease.</summary>
    public static ReplicationOptions Default { get; } = new();

    /// <summary>
    /// How long a lease lasts after each renewal (database clock). A standby takes over once it has lapsed; a primary
    /// that could not renew it within this time (its own monotonic clock) stops serving first.
    /// </summary>
    public TimeSpan LeaseTtl { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The public URL this process serves the app on; kept in the lease so a standby can name the primary.</summary>
    public string? PublicUrl { get; init; }

    /// <summary>Who holds the lease, for people (default: host name and process id).</summary>
    public string Holder { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>
    /// How long an open for writing waits for another holder's lease to lapse before it refuses (a primary restarted
    /// right after a crash finds its own old lease still running).
    /// </summary>
    public TimeSpan? LeaseWait { get; init; }
}

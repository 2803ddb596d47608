namespace Conifer.Runtime.Replication;

/// <summary>What a Conifer process is to its store (DESIGN §8).</summary>
public enum ProcessRole
{
    /// <summary>The one writer: it holds the store's lease, takes events and serves the app.</summary>
    Primary,

    /// <summary>
    /// A warm follower on a replicated store: it tails the log into a live state, holds no lease and serves
    /// nothing until the primary's lease lapses and it takes over.
    /// </summary>
    Standby,
}

namespace Conifer.Runtime.Verification;

/// <summary>What kind of place a replay found to differ from the store (<see cref="ReplayDivergence.Checkpoint"/>).</summary>
public enum ReplayCheckpoint
{
    /// <summary>A snapshot after the start holds another state than the replay reaches at its sequence.</summary>
    Snapshot,

    /// <summary>A deploy record names another state than its <c>Migrate</c> or <c>Init</c> computes on the replayed state (or it no longer runs).</summary>
    Deploy,

    /// <summary>A record no longer replays at all (its version does not load, a blob is missing, the app throws).</summary>
    Record,

    /// <summary>The snapshot the replay starts from cannot be read.</summary>
    Start,
}

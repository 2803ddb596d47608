namespace Conifer.Store;

/// <summary>Which snapshot a read-only open starts from (<see cref="FileProcessStore.OpenReadOnly"/>).</summary>
public enum RecoveryStart
{
    /// <summary>The newest usable snapshot: the shortest replay, what a restart does.</summary>
    NewestSnapshot,

    /// <summary>
    /// The empty process when the log still begins at sequence 1, else the oldest usable snapshot still present:
    /// the longest replay, which <c>store verify --replay</c> uses to check every later snapshot against the log.
    /// </summary>
    OldestSnapshot,
}

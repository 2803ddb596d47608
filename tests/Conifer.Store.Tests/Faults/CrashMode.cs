namespace Conifer.Store.Tests.Faults;

/// <summary>What a simulated power loss does with what was not yet synced.</summary>
public enum CrashMode
{
    /// <summary>Every unsynced byte and name change is lost.</summary>
    Drop,

    /// <summary>Unsynced appends survive only in part (a random prefix, with a random page of it zeroed).</summary>
    Tear,

    /// <summary>Everything written survives (as after a process kill: the page cache outlives the process).</summary>
    Keep,
}

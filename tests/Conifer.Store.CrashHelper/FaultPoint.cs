namespace Conifer.Store.CrashHelper;

/// <summary>Where the helper stops and waits to be killed.</summary>
public enum FaultPoint
{
    /// <summary>Run until killed, with no fault point.</summary>
    None,

    /// <summary>Just before the n-th batch write into a log segment.</summary>
    BeforeWrite,

    /// <summary>After the n-th batch write, before its sync.</summary>
    AfterWriteBeforeSync,

    /// <summary>Halfway through writing the n-th snapshot's state.</summary>
    MidSnapshot,

    /// <summary>After the n-th snapshot was renamed into place, before the directory sync and the log reference.</summary>
    AfterSnapshotRename,
}

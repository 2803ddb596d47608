namespace Conifer.Store;

/// <summary>The long-running step a <see cref="StoreProgress"/> report belongs to.</summary>
public enum StorePhase
{
    /// <summary>Reading and checking log segments while opening a store.</summary>
    ScanningLog,

    /// <summary>Reading and checking snapshot files while opening a store.</summary>
    CheckingSnapshots,

    /// <summary>Walking every checksum and chain link of a store (<c>store verify</c>).</summary>
    Verifying,

    /// <summary>Copying files into a backup (<c>store copy</c>, <c>GET /api/backup</c>).</summary>
    Copying,
}

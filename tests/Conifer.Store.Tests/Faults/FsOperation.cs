namespace Conifer.Store.Tests.Faults;

/// <summary>The I/O operations the fault-injecting file system counts and can fail.</summary>
public enum FsOperation
{
    Create,
    Write,
    Sync,
    SetLength,
    Rename,
    Delete,
    SyncDirectory,
}

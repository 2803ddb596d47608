namespace Conifer.Store;

/// <summary>
/// A process store this process opened for writing: the embedded folder (<see cref="FileProcessStore"/>) or a
/// replicated database. Beside the log it carries what the runtime keeps with a store: what the open recovered,
/// the deploy reports and where compiled versions are cached.
/// </summary>
public interface IOwnedProcessStore : IProcessStore
{
    /// <summary>What the open found: the snapshot to restore, the records to replay, what was repaired.</summary>
    RecoveryResult Recovery { get; }

    /// <summary>Where the store is, for people: a folder's full path, or a URI without its password.</summary>
    string Location { get; }

    /// <summary>When <see cref="IProcessStore.LatestSnapshot"/> was written, or null when unknown.</summary>
    DateTimeOffset? LatestSnapshotWrittenAt { get; }

    /// <summary>The deploy reports kept with the store.</summary>
    IReportShelf Reports { get; }

    /// <summary>A local folder for compiled app versions (a cache: anything in it may be rebuilt from the store).</summary>
    string CompiledCacheDirectory { get; }

    /// <summary>The writer epoch this process holds, or null for a store that has none (a folder, locked instead).</summary>
    long? Epoch { get; }

    /// <summary>
    /// Completes, with the reason, when this process stops being the store's writer: a newer writer fenced it, or
    /// it could not renew its lease in time. Never completes for a folder. From then on nothing this process holds
    /// may be served (its state may no longer be the truth) and it must exit.
    /// </summary>
    Task<string> WriterLost { get; }
}

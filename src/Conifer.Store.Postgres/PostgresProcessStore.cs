using Conifer.Store.Locations;

namespace Conifer.Store.Postgres;

/// <summary>
/// The process store on PostgreSQL (DESIGN §8, docs/replication.md): the same records, checksums and hash chain as the
/// file store, one transaction per group-committed batch, fenced by the writer's epoch.
/// </summary>
public sealed partial class PostgresProcessStore
{
    /// <summary>
    /// Opens the store for writing: creates or upgrades the schema, takes the writer's lease (bumping the epoch; waits up
    /// to <see cref="ReplicationOptions.LeaseWait"/> for another holder's lease to lapse), reads the log and picks the
    /// snapshot to start from.
    /// </summary>
    public static Task<IOwnedProcessStore> OpenAsync(DatabaseLocation location, ReplicationOptions? replication = null, IProgress<StoreProgress>? progress = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}

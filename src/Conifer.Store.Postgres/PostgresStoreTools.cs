using Conifer.Store.Locations;
using Conifer.Store.Tools;

namespace Conifer.Store.Postgres;

/// <summary>Offline tools over a PostgreSQL store and between stores: verify, copy.</summary>
public static class PostgresStoreTools
{
    /// <summary>Walks every record's checksum and chain link, every referenced snapshot and blob (read only).</summary>
    public static Task<VerifyReport> VerifyAsync(DatabaseLocation location, IBlobReferences? blobReferences = null, IProgress<StoreProgress>? progress = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>
    /// Copies a whole store between a folder and PostgreSQL, either way (or between two databases): records with their
    /// checksums and chain as they are, snapshots, blobs and deploy reports; then verifies the copy. The destination
    /// must be empty (a missing or empty folder, an app the database does not hold yet). The source must not be written meanwhile
    /// (a folder: its lock is taken; a database: the copy reads one consistent snapshot of it).
    /// </summary>
    public static Task<VerifyReport> CopyAsync(StoreLocation source, StoreLocation destination, IProgress<StoreProgress>? progress = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}

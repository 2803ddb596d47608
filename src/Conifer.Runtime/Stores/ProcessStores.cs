using Conifer.Store;
using Conifer.Store.Locations;
using Conifer.Store.Postgres;

namespace Conifer.Runtime.Stores;

/// <summary>
/// Opens a process store wherever it is (DESIGN §8): the embedded folder store or PostgreSQL. Everything above the
/// store (the live process, the server, the CLI's tools) opens stores here, never a backend directly.
/// </summary>
public static class ProcessStores
{
    /// <summary>
    /// Opens the store at <paramref name="location"/> for writing: a folder is created when missing and locked; a
    /// database store takes the writer's lease (waiting as <paramref name="replication"/> says).
    /// </summary>
    /// <param name="location">Where the store is.</param>
    /// <param name="fileOptions">Options of the folder store (ignored for a database).</param>
    /// <param name="replication">How a database store holds its lease (ignored for a folder).</param>
    /// <param name="progress">Receives the open's progress.</param>
    /// <param name="cancellationToken">Stops a database open (a folder opens synchronously).</param>
    public static Task<IOwnedProcessStore> OpenAsync(
        StoreLocation location, StoreOptions? fileOptions = null, ReplicationOptions? replication = null,
        IProgress<StoreProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        switch (location)
        {
            case FolderLocation folder:
                Directory.CreateDirectory(folder.Directory);
                return Task.FromResult<IOwnedProcessStore>(FileProcessStore.Open(folder.Directory, fileOptions, progress));
            case DatabaseLocation database:
                return PostgresProcessStore.OpenAsync(database, replication, progress, cancellationToken);
            default:
                throw new InvalidOperationException($"{nameof(ProcessStores)}.{nameof(OpenAsync)}: unhandled location {location.GetType().Name}.");
        }
    }

    /// <summary>
    /// Opens the store at <paramref name="location"/> to read, without its lock or lease and without writing to it,
    /// as a restart from <paramref name="start"/> would find it.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">There is no store folder there.</exception>
    /// <exception cref="Store.Exceptions.StoreNotFoundException">The database holds no store for the app.</exception>
    public static Task<IStoreView> OpenViewAsync(
        StoreLocation location, RecoveryStart start = RecoveryStart.NewestSnapshot, IProgress<StoreProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location switch
        {
            FolderLocation folder => Task.FromResult<IStoreView>(FolderStoreView.Open(folder.Directory, start, progress)),
            DatabaseLocation database => PostgresStoreView.OpenAsync(database, start, progress, cancellationToken),
            _ => throw new InvalidOperationException($"{nameof(ProcessStores)}.{nameof(OpenViewAsync)}: unhandled location {location.GetType().Name}."),
        };
    }
}

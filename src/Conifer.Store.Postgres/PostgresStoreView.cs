using Conifer.Store.Locations;

namespace Conifer.Store.Postgres;

/// <summary>A PostgreSQL store opened to read: no lease, no writes.</summary>
public sealed partial class PostgresStoreView
{
    /// <summary>Reads the store's log and snapshots as a restart from <paramref name="start"/> would.</summary>
    /// <exception cref="Exceptions.StoreNotFoundException">The database holds no store for this app.</exception>
    public static Task<IStoreView> OpenAsync(DatabaseLocation location, RecoveryStart start = RecoveryStart.NewestSnapshot, IProgress<StoreProgress>? progress = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}

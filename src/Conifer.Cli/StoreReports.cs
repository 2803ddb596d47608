using Conifer.Runtime.Reports;
using Conifer.Runtime.Stores;
using Conifer.Store.Locations;

namespace Conifer.Cli;

/// <summary>The deploy reports kept with a store no server needs to be asked about: a folder's files, or a database's table.</summary>
internal static class StoreReports
{
    /// <summary>
    /// Every report of the store at <paramref name="location"/>, oldest first. A folder's reports are plain files beside
    /// the log, read without the lock or a restore; a database is opened read-only (no lease).
    /// </summary>
    public static async Task<IReadOnlyList<DeployReport>> ReadAsync(StoreLocation location, CancellationToken cancellationToken)
    {
        switch (location)
        {
            case FolderLocation folder:
                return new ReportStore(folder.Directory).All();
            case DatabaseLocation:
                var view = await ProcessStores.OpenViewAsync(location, cancellationToken: cancellationToken).ConfigureAwait(false);
                await using (view.ConfigureAwait(false))
                {
                    return new ReportStore(view.Reports).All();
                }
            default:
                throw new InvalidOperationException($"{nameof(StoreReports)}.{nameof(ReadAsync)}: unhandled location {location.GetType().Name}.");
        }
    }
}

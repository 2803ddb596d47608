using Conifer.Runtime.Rehearsal;
using Conifer.Runtime.Restore;
using Conifer.Store;

namespace Conifer.Runtime.Verification;

/// <summary>
/// <c>conifer store verify DIR --replay</c>: replays a store's whole log, from the empty process when it still
/// begins at record 1 (else from the oldest snapshot still present), each record under its own app version, and
/// compares every later checkpoint the replay reaches (snapshots, and the states deploy records name), so an app
/// that is not deterministic after all is caught at the first place it shows.
/// </summary>
/// <remarks>
/// The store is read as <see cref="StoreReader"/> reads it: without its lock and without writing a byte, so it
/// works beside a running server. The records replayed are the ones present when it opened; a truncate by the owner
/// while it reads makes it fail with an <see cref="IOException"/> (run it again).
/// </remarks>
public static class ReplayVerifier
{
    /// <summary>The time <c>Migrate</c> or <c>Init</c> may take when a deploy record is computed again, unless told otherwise.</summary>
    public static TimeSpan DefaultMigrationTimeout { get; } = TimeSpan.FromSeconds(60);

    /// <summary>Replays the store at <paramref name="storeLocation"/> and compares every checkpoint after the start.</summary>
    /// <param name="storeLocation">The store, a folder or a <c>postgresql://</c> URI; a running server may hold it.</param>
    /// <param name="progress">Receives the records replayed.</param>
    /// <param name="migrationTimeout">How long a replayed <c>Migrate</c> or <c>Init</c> may run; <see cref="DefaultMigrationTimeout"/> when null.</param>
    /// <exception cref="DirectoryNotFoundException">There is no store there.</exception>
    /// <exception cref="Store.Exceptions.StoreCorruptException">Stored bytes are damaged (run a plain verify for all of it).</exception>
    /// <exception cref="InvalidDataException">A record's payload is not what the runtime wrote.</exception>
    /// <exception cref="IOException">The owner truncated the log while it was read; try again.</exception>
    /// <param name="trace">Receives the state after each record replayed (<see cref="OtherEnvironmentReplay"/> compares two of them).</param>
    public static Task<ReplayReport> RunAsync(
        string storeLocation, IProgress<RestoreProgress>? progress = null, TimeSpan? migrationTimeout = null, ICollection<RecordState>? trace = null) =>
        StoreReader.WithReadOnlyStoreAsync(Store.Locations.StoreLocation.Parse(storeLocation), RecoveryStart.OldestSnapshot, null, async (recovery, store, versions) =>
        {
            var check = new ReplayCheck(recovery, versions, migrationTimeout ?? DefaultMigrationTimeout, trace);
            await new Restorer(store, versions, progress, check).RestoreAsync(recovery).ConfigureAwait(false);
            return check.Report();
        });
}

using System.Collections.Immutable;
using Conifer.Compiler;
using Conifer.Runtime.Log;
using Conifer.Runtime.Restore;
using Conifer.Runtime.Stores;
using Conifer.Runtime.Versions;
using Conifer.Store;
using Conifer.Store.Locations;

namespace Conifer.Runtime.Rehearsal;

/// <summary>
/// Rebuilds a store's current state exactly as a restart would (the runtime's own restorer), but
/// without taking the store's lock or writing a byte to it, so it works on a store a running
/// server owns. Compiled assemblies go to a temporary cache, seeded from the store's own cache by
/// copying, never into the store.
/// </summary>
public static class StoreReader
{
    /// <summary>Reads the store at <paramref name="storeLocation"/>: a folder or a <c>postgresql://</c> URI (<see cref="StoreLocation.Parse"/>).</summary>
    /// <exception cref="DirectoryNotFoundException">There is no store folder there.</exception>
    /// <exception cref="Store.Exceptions.StoreNotFoundException">The database holds no store for the app.</exception>
    /// <exception cref="FormatException">A database URI that cannot be used.</exception>
    /// <exception cref="ProcessRestoreException">The records cannot be replayed; the message says why.</exception>
    /// <exception cref="IOException">The owner truncated the log while it was read; try again.</exception>
    public static Task<StoredState> ReadAsync(string storeLocation) =>
        WithReadOnlyStoreAsync(StoreLocation.Parse(storeLocation), RecoveryStart.NewestSnapshot, null, async (recovery, store, versions) =>
        {
            var state = await new Restorer(store, versions, null).RestoreAsync(recovery).ConfigureAwait(false);
            var deployed = recovery.ReadRecords()
                .Where(r => r.Kind is RecordKind.DeployAndMigrate or RecordKind.DeployAndInit)
                .Select(r => LogCodecs.Read<DeployRecord>(LogCodecs.Deploy, r.Payload, r.Sequence).VersionId)
                .ToImmutableArray();
            var stored = state.Version is null
                ? new StoredState(null, null, null, deployed, recovery.LastSequence)
                : new StoredState(state.Version.VersionId, state.Version.State.ToTree(state.State), state.Version.App, deployed, recovery.LastSequence);
            return stored with { PendingRepairs = recovery.Repairs, RecordsLost = recovery.RecordsLost };
        });

    /// <summary>
    /// Opens the store read-only from <paramref name="start"/> and hands <paramref name="work"/> what a
    /// <see cref="Restorer"/> needs: the records, the blobs (never written) and a version loader whose
    /// compiled cache is a temporary copy, deleted afterwards.
    /// </summary>
    internal static async Task<T> WithReadOnlyStoreAsync<T>(
        StoreLocation location, RecoveryStart start, IProgress<StoreProgress>? progress, Func<RecoveryResult, IProcessStore, VersionLoader, Task<T>> work)
    {
        var view = await ProcessStores.OpenViewAsync(location, start, progress).ConfigureAwait(false);
        await using (view.ConfigureAwait(false))
        {
            var cacheDirectory = Path.Combine(Path.GetTempPath(), $"conifer-read-{Guid.NewGuid():N}");
            try
            {
                Directory.CreateDirectory(cacheDirectory);
                if (view.CompiledCacheDirectory is { } storeCache)
                {
                    SeedCache(storeCache, cacheDirectory);
                }
                var versions = new VersionLoader(view.Blobs, new CompiledAppCache(cacheDirectory));
                return await work(view.Recovery, view.Blobs, versions).ConfigureAwait(false);
            }
            finally
            {
                try
                {
                    Directory.Delete(cacheDirectory, recursive: true);
                }
                catch (IOException)
                {
                    // Only a temporary cache; the OS temp cleaner gets what is left.
                }
            }
        }
    }

    private static void SeedCache(string storeCache, string target)
    {
        if (!Directory.Exists(storeCache))
        {
            return;
        }
        foreach (var file in Directory.EnumerateFiles(storeCache))
        {
            if (!file.EndsWith(".tmp", StringComparison.Ordinal))
            {
                // A copy, so a half-written entry of the owner at worst costs a recompile here (the cache checks hashes).
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }
    }
}

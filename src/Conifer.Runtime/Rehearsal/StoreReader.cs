using System.Collections.Immutable;
using Conifer.Compiler;
using Conifer.Runtime.Log;
using Conifer.Runtime.Restore;
using Conifer.Runtime.Versions;
using Conifer.Store;

namespace Conifer.Runtime.Rehearsal;

/// <summary>
/// Rebuilds a store's current state exactly as a restart would (the runtime's own restorer), but
/// without taking the store's lock or writing a byte to it, so it works on a store a running
/// server owns. Compiled assemblies go to a temporary cache, seeded from the store's own cache by
/// copying, never into the store.
/// </summary>
public static class StoreReader
{
    /// <summary>Reads the store at <paramref name="storeDirectory"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">There is no store there.</exception>
    /// <exception cref="ProcessRestoreException">The records cannot be replayed; the message says why.</exception>
    /// <exception cref="IOException">The owner truncated the log while it was read; try again.</exception>
    public static Task<StoredState> ReadAsync(string storeDirectory) =>
        WithReadOnlyStoreAsync(storeDirectory, RecoveryStart.NewestSnapshot, null, async (recovery, store, versions) =>
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
        string storeDirectory, RecoveryStart start, IProgress<StoreProgress>? progress, Func<RecoveryResult, IProcessStore, VersionLoader, Task<T>> work)
    {
        var recovery = FileProcessStore.OpenReadOnly(storeDirectory, progress: progress, start: start);
        var cacheDirectory = Path.Combine(Path.GetTempPath(), $"conifer-read-{Guid.NewGuid():N}");
        try
        {
            SeedCache(Path.Combine(storeDirectory, "compiled"), cacheDirectory);
            var store = new ReadOnlyBlobStore(Path.GetFullPath(storeDirectory), recovery);
            var versions = new VersionLoader(store, new CompiledAppCache(cacheDirectory));
            return await work(recovery, store, versions).ConfigureAwait(false);
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

    private static void SeedCache(string storeCache, string target)
    {
        Directory.CreateDirectory(target);
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

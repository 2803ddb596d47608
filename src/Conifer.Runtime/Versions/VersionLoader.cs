using System.Collections.Concurrent;
using Conifer.Compiler;
using Conifer.Store;

namespace Conifer.Runtime.Versions;

/// <summary>
/// Finds the app version a record was made under: already loaded in this process, else the
/// compiled-assembly cache in the store directory (so a restart does not pay for Roslyn), else
/// the version's source blob, recompiled.
/// </summary>
internal sealed class VersionLoader(IProcessStore store, CompiledAppCache cache)
{
    private readonly ConcurrentDictionary<string, AppVersion> _loaded = new(StringComparer.Ordinal);

    public CompiledAppCache Cache => cache;

    public async Task<AppVersion> LoadAsync(string versionId, string sourceBlobHex)
    {
        if (_loaded.TryGetValue(versionId, out var loaded))
        {
            return loaded;
        }
        if (!BlobId.TryParse(sourceBlobHex, out var sourceBlob))
        {
            throw new ProcessRestoreException($"Version {versionId} names a malformed source blob id '{sourceBlobHex}'.");
        }
        var compiled = cache.TryRead(versionId);
        if (compiled is null)
        {
            var blob = await store.TryGetBlobAsync(sourceBlob).ConfigureAwait(false)
                ?? throw new ProcessRestoreException($"The source of version {versionId} (blob {sourceBlob}) is missing from the store.");
            var source = SourceBlob.Decode(blob);
            if (source.VersionId != versionId)
            {
                throw new ProcessRestoreException($"The source blob {sourceBlob} hashes to version {source.VersionId}, not {versionId}.");
            }
            compiled = cache.GetOrCompile(source) switch
            {
                CompileResult.Success success => success.App,
                CompileResult.Failure failure => throw new ProcessRestoreException(
                    $"Version {versionId} no longer compiles with this Conifer:{Environment.NewLine}{failure}"),
                var other => throw new InvalidOperationException($"{nameof(VersionLoader)}.{nameof(LoadAsync)}: unhandled {other}."),
            };
        }
        return Register(new AppVersion(compiled.Load(), sourceBlob));
    }

    /// <summary>Remembers a version loaded for a deploy, so replay and later lookups reuse it.</summary>
    public AppVersion Register(AppVersion version) => _loaded[version.VersionId] = version;
}

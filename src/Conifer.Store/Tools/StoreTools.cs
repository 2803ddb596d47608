using Conifer.Store.Format;
using Conifer.Store.IO;

namespace Conifer.Store.Tools;

/// <summary>The offline tools behind <c>conifer store verify|copy</c>.</summary>
public static class StoreTools
{
    /// <summary>
    /// Walks every segment header (fields and format version), record checksum, sequence and chain link, the log's
    /// start against its truncate records and its end against the high-water mark, every referenced snapshot, every
    /// blob by its hash and, given <paramref name="blobReferences"/>, every blob a retained record or snapshot names.
    /// Reports every problem (not just the first), a torn tail apart from damage, and leftover files. Takes no lock
    /// and changes nothing.
    /// </summary>
    public static VerifyReport Verify(string directory, StoreOptions? options = null, IProgress<StoreProgress>? progress = null, IBlobReferences? blobReferences = null)
    {
        options ??= StoreOptions.Default;
        return new StoreVerifier(options.FileSystem, new StoreLayout(Path.GetFullPath(directory)), options, blobReferences, progress).Run();
    }

    /// <summary>
    /// Copies a store no server holds into an empty or missing directory (takes the lock for the duration). For a
    /// store a server owns, use the server's <see cref="IProcessStore.CopyToAsync"/> (<c>GET /api/backup</c>).
    /// </summary>
    public static async Task CopyAsync(string source, string destination, StoreOptions? options = null, IProgress<StoreProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var store = FileProcessStore.Open(source, options, progress);
        await using (store.ConfigureAwait(false))
        {
            await store.CopyToAsync(destination, progress, cancellationToken).ConfigureAwait(false);
        }
    }

}

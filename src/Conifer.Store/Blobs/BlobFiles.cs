using System.Globalization;
using System.Security.Cryptography;
using Conifer.Store.Exceptions;
using Conifer.Store.Format;
using Conifer.Store.IO;

namespace Conifer.Store.Blobs;

/// <summary>Content-addressed files under <c>blobs/</c>, named by the SHA-256 of their bytes and written once.</summary>
internal sealed class BlobFiles(IStoreFileSystem fileSystem, StoreLayout layout)
{
    private long _tempCounter;

    /// <summary>
    /// Writes and syncs the bytes under a temp name; returns the id and the temp path, or a null path when the blob
    /// is already stored. A failure (a full disk) deletes the temp file and throws <see cref="BlobNotWrittenException"/>:
    /// nothing names the blob yet, so the store itself is unharmed and goes on.
    /// </summary>
    public (BlobId Id, string? TempPath) WriteTemp(ReadOnlySpan<byte> content)
    {
        var id = BlobId.Of(content);
        var path = Path.Combine(layout.BlobDirectory, id.Hex);
        // A name under blobs/ only ever appears after its bytes were synced (below), so an existing file is complete.
        if (fileSystem.FileExists(path))
        {
            return (id, null);
        }

        var temp = path + "." + Interlocked.Increment(ref _tempCounter).ToString(CultureInfo.InvariantCulture) + ".tmp";
        try
        {
            using var file = fileSystem.Open(temp, StoreFileMode.CreateNew);
            file.Write(0, content);
            // Synced before the rename, the directory after it: a deploy record naming this blob is appended once
            // this returns, and must never point at a name or bytes a reboot could lose.
            file.Sync();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                fileSystem.Delete(temp);
            }
            catch (IOException)
            {
                // The next open deletes it.
            }

            throw new BlobNotWrittenException(content.Length, e);
        }

        return (id, temp);
    }

    /// <summary>Renames a synced temp file to its final name and syncs the folder (a failure here leaves the folder's durable state unknown).</summary>
    public void Publish(BlobId id, string tempPath)
    {
        fileSystem.Rename(tempPath, Path.Combine(layout.BlobDirectory, id.Hex));
        fileSystem.SyncDirectory(layout.BlobDirectory);
    }

    public ReadOnlyMemory<byte>? TryGet(BlobId id)
    {
        var path = Path.Combine(layout.BlobDirectory, id.Hex);
        if (!fileSystem.FileExists(path))
        {
            return null;
        }

        var bytes = Log.LogRecovery.ReadAll(fileSystem, path);
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return actual == id.Hex
            ? bytes
            : throw new StoreCorruptException(Path.Combine(StoreLayout.BlobDirectoryName, id.Hex), 0, null, $"the blob's bytes hash to SHA-256 {actual}, not to its name");
    }
}

namespace Conifer.Store.IO;

/// <summary>
/// Every I/O operation the store performs, so that tests can fail any one of them (disk full, EIO) or cut the
/// workload at any point and decide what of the unsynced bytes survived.
/// </summary>
/// <remarks>
/// The contract mirrors POSIX: file data is durable only after <see cref="IStoreFile.Sync"/>; a created, renamed or
/// deleted name is durable only after <see cref="SyncDirectory"/> of its directory.
/// </remarks>
public interface IStoreFileSystem
{
    /// <summary>Opens or creates a file.</summary>
    IStoreFile Open(string path, StoreFileMode mode);

    /// <summary>Whether a file exists.</summary>
    bool FileExists(string path);

    /// <summary>Whether a directory exists.</summary>
    bool DirectoryExists(string path);

    /// <summary>Creates a directory (and missing parents) and makes its name durable.</summary>
    void CreateDirectory(string path);

    /// <summary>The names (not paths) of the files directly in <paramref name="directory"/>.</summary>
    IReadOnlyList<string> ListFiles(string directory);

    /// <summary>Renames a file atomically, replacing <paramref name="destination"/> if it exists.</summary>
    void Rename(string source, string destination);

    /// <summary>Deletes a file if it exists.</summary>
    void Delete(string path);

    /// <summary>Makes the creations, renames and deletions in <paramref name="directory"/> durable (fsync of the directory).</summary>
    void SyncDirectory(string directory);

    /// <summary>When the file was last written, or null when this file system cannot tell (it only feeds the snapshot-age metric).</summary>
    DateTimeOffset? LastWriteTime(string path) => null;

    /// <summary>
    /// Takes an exclusive lock that the OS releases when the process dies, or returns <see langword="null"/> when
    /// another process holds it (with the owner's pid when it can be read).
    /// </summary>
    /// <exception cref="Exceptions.StoreNotWritableException">The lock file cannot be created or opened for writing (a read-only folder).</exception>
    IDisposable? TryLock(string path, out int? ownerProcessId);
}

using System.Globalization;

namespace Conifer.Store.IO;

/// <summary>The real disk.</summary>
public sealed class PhysicalFileSystem : IStoreFileSystem
{
    private PhysicalFileSystem()
    {
    }

    // The errno .NET puts in IOException.HResult on Unix when the folder cannot be written (EROFS, EACCES, EPERM);
    // any other failure to take the lock (EWOULDBLOCK from flock) means another process holds it.
    private const int ReadOnlyFileSystem = 30;
    private const int PermissionDenied = 13;
    private const int NotPermitted = 1;

    /// <summary>The one instance.</summary>
    public static PhysicalFileSystem Instance { get; } = new();

    /// <inheritdoc/>
    public IStoreFile Open(string path, StoreFileMode mode)
    {
        var handle = mode switch
        {
            StoreFileMode.CreateNew => File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete),
            StoreFileMode.OpenReadWrite => File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete),
            StoreFileMode.OpenRead => File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, $"{nameof(PhysicalFileSystem)}.{nameof(Open)}: unhandled mode"),
        };
        return mode == StoreFileMode.OpenRead ? new PhysicalReadOnlyFile(handle) : new PhysicalFile(handle);
    }

    /// <inheritdoc/>
    public bool FileExists(string path) => File.Exists(path);

    /// <inheritdoc/>
    public bool DirectoryExists(string path) => Directory.Exists(path);

    /// <inheritdoc/>
    public void CreateDirectory(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return;
        }

        var parent = Path.GetDirectoryName(full);
        if (parent is not null && !Directory.Exists(parent))
        {
            CreateDirectory(parent);
        }

        Directory.CreateDirectory(full);
        // The new directory's name lives in its parent: sync the parent or the whole store can vanish on reboot.
        if (parent is not null)
        {
            NativeSync.SyncDirectory(parent);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ListFiles(string directory) =>
        Directory.Exists(directory)
            ? [.. Directory.EnumerateFiles(directory).Select(p => Path.GetFileName(p))]
            : [];

    /// <inheritdoc/>
    public void Rename(string source, string destination) => File.Move(source, destination, overwrite: true);

    /// <inheritdoc/>
    public void Delete(string path) => File.Delete(path);

    /// <inheritdoc/>
    public void SyncDirectory(string directory) => NativeSync.SyncDirectory(directory);

    /// <inheritdoc/>
    public DateTimeOffset? LastWriteTime(string path) => File.Exists(path) ? new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero) : null;

    /// <inheritdoc/>
    public IDisposable? TryLock(string path, out int? ownerProcessId)
    {
        var ownerFile = path + ".owner";
        try
        {
            // FileShare.None is an flock(LOCK_EX) on Unix: the kernel drops it when the process dies, so a
            // stale lock file of a crashed server never blocks the next start.
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            // The pid goes to a separate file: a reader cannot open the locked file itself.
            File.WriteAllText(ownerFile, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            ownerProcessId = Environment.ProcessId;
            return stream;
        }
        catch (Exception e) when (e is UnauthorizedAccessException || (e is IOException && e.HResult is ReadOnlyFileSystem or PermissionDenied or NotPermitted))
        {
            // Only a held lock means another owner; a read-only mount or a missing permission is a different
            // problem with a different cure, and the pid left in lock.owner by a dead process must not be blamed.
            throw new Exceptions.StoreNotWritableException(Path.GetDirectoryName(path) ?? path, e);
        }
        catch (IOException)
        {
            ownerProcessId = null;
            try
            {
                if (int.TryParse(File.ReadAllText(ownerFile), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    ownerProcessId = pid;
                }
            }
            catch (IOException)
            {
                // The owner is still writing its pid; report the lock without it.
            }

            return null;
        }
    }
}

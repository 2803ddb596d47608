using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Conifer.Store.IO;

/// <summary>fdatasync and directory fsync, which .NET does not expose.</summary>
internal static class NativeSync
{
    private static readonly bool s_isLinux = OperatingSystem.IsLinux();

    /// <summary>
    /// Makes the file's data (and its size, when it changed) durable. On Linux this is fdatasync, which skips
    /// flushing timestamps that recovery never reads; elsewhere a full fsync.
    /// </summary>
    public static void SyncData(SafeFileHandle handle, FileStream fallback)
    {
        if (!s_isLinux)
        {
            fallback.Flush(flushToDisk: true);
            return;
        }

        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            if (fdatasync((int)handle.DangerousGetHandle()) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new IOException($"fdatasync failed with errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})", errno);
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// fsyncs a directory so that file creations, renames and deletions in it survive a power loss. Without it a
    /// renamed snapshot or a new segment can vanish on reboot although its data blocks were synced.
    /// </summary>
    public static void SyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            // Windows has no directory fsync; NTFS journals metadata itself.
            return;
        }

        var fd = open(directory, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"open of directory '{directory}' for fsync failed with errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})", errno);
        }

        try
        {
            if (fsync(fd) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new IOException($"fsync of directory '{directory}' failed with errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})", errno);
            }
        }
        finally
        {
            _ = close(fd);
        }
    }

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int fdatasync(int fd);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int fsync(int fd);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int close(int fd);
}

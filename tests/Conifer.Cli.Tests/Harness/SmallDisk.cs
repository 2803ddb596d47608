using System.Diagnostics;

namespace Conifer.Cli.Tests.Harness;

/// <summary>
/// A real, tiny file system (a tmpfs mount; the tests run as root) that can be filled up or made read-only, for
/// the paths a user meets on a full or read-only disk. Unmounted on dispose.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    public static SmallDisk Mount(string path, int kilobytes)
    {
        Directory.CreateDirectory(path);
        Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k", "tmpfs", path);
        return new SmallDisk(path);
    }

    /// <summary>Takes every free byte with a filler file.</summary>
    public void Fill()
    {
        using var filler = File.OpenWrite(System.IO.Path.Combine(Path, "filler"));
        var page = new byte[4096];
        try
        {
            while (true)
            {
                filler.Write(page);
                filler.Flush();
            }
        }
        catch (IOException)
        {
            // Full.
        }
    }

    public void MakeReadOnly() => Run("mount", "-o", "remount,ro", Path);

    public void Dispose() => Run("umount", Path);

    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
        }
    }
}

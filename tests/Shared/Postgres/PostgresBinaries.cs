using System.Diagnostics;
using System.Text;

namespace Conifer.Tests.Shared.Postgres;

/// <summary>
/// One PostgreSQL installation's bin folder, and running its tools as the cluster owner: the OS user
/// <c>postgres</c> through <c>runuser</c> when this process is root (PostgreSQL refuses to run as root), this
/// process's own user otherwise.
/// </summary>
public sealed class PostgresBinaries
{
    /// <summary>The OS user that owns the data folders the harness creates when running as root.</summary>
    public const string ClusterOwner = "postgres";

    private PostgresBinaries(string directory) => Directory = directory;

    /// <summary>The bin folder: initdb, pg_ctl, postgres, pg_isready.</summary>
    public string Directory { get; }

    public static bool RunningAsRoot => Environment.IsPrivilegedProcess;

    public string Tool(string name) => Path.Combine(Directory, name);

    /// <summary>The given folder if it holds the server tools, else <see cref="PostgresNotInstalledException"/>.</summary>
    public static PostgresBinaries At(string directory) =>
        HasServerTools(directory) ? new PostgresBinaries(directory) : throw new PostgresNotInstalledException(directory);

    /// <summary>
    /// The highest version under /usr/lib/postgresql/*/bin (Debian's layout, several versions side by side), else
    /// <c>pg_config --bindir</c>; <see cref="PostgresNotInstalledException"/> when neither has the server tools.
    /// </summary>
    public static PostgresBinaries Find()
    {
        var searched = new List<string>();
        const string debianRoot = "/usr/lib/postgresql";
        if (System.IO.Directory.Exists(debianRoot))
        {
            var versions = System.IO.Directory.GetDirectories(debianRoot)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: Version.TryParse(Path.GetFileName(d), out var v) ? v : null))
                .Where(x => x.Version is not null)
                .OrderByDescending(x => x.Version);
            foreach (var (dir, _) in versions)
            {
                searched.Add(dir);
                if (HasServerTools(dir))
                {
                    return new PostgresBinaries(dir);
                }
            }
        }
        searched.Add(debianRoot + "/*/bin");
        var fromPgConfig = PgConfigBinDir();
        if (fromPgConfig is not null)
        {
            searched.Add(fromPgConfig);
            if (HasServerTools(fromPgConfig))
            {
                return new PostgresBinaries(fromPgConfig);
            }
        }
        else
        {
            searched.Add("pg_config --bindir (no pg_config on PATH)");
        }
        throw new PostgresNotInstalledException(string.Join(", ", searched));
    }

    /// <summary>Runs a tool from this bin folder as the cluster owner; throws <see cref="PostgresHarnessException"/> on a non-zero exit.</summary>
    public string RunAsOwner(string tool, IReadOnlyList<string> args, TimeSpan timeout, string? serverLog = null)
    {
        var (exitCode, output, command) = Run(Tool(tool), args, asOwner: true, timeout);
        if (exitCode != 0)
        {
            throw new PostgresHarnessException($"{tool} exited with code {exitCode}.", command, output + ServerLogTail(serverLog));
        }
        return output;
    }

    /// <summary>Runs a tool from this bin folder as the cluster owner and returns its exit code and output, whatever they are.</summary>
    public (int ExitCode, string Output) TryRunAsOwner(string tool, IReadOnlyList<string> args, TimeSpan timeout)
    {
        var (exitCode, output, _) = Run(Tool(tool), args, asOwner: true, timeout);
        return (exitCode, output);
    }

    /// <summary>Hands a folder to the cluster owner (chown -R), when we are root; a no-op otherwise.</summary>
    public static void GiveToOwner(string folder)
    {
        if (!RunningAsRoot)
        {
            return;
        }
        var (exitCode, output, command) = Run("chown", ["-R", ClusterOwner + ":", folder], asOwner: false, TimeSpan.FromSeconds(30));
        if (exitCode != 0)
        {
            throw new PostgresHarnessException(
                $"Could not hand {folder} to the OS user '{ClusterOwner}' (PostgreSQL does not run as root; the Debian package creates that user).",
                command,
                output);
        }
    }

    /// <summary>The last lines of a server log, for an exception message.</summary>
    public static string ServerLogTail(string? serverLog, int lines = 40)
    {
        if (serverLog is null || !File.Exists(serverLog))
        {
            return "";
        }
        try
        {
            var tail = File.ReadLines(serverLog).TakeLast(lines);
            return $"{Environment.NewLine}server log {serverLog} (last {lines} lines):{Environment.NewLine}{string.Join(Environment.NewLine, tail)}";
        }
        catch (IOException e)
        {
            return $"{Environment.NewLine}server log {serverLog} unreadable: {e.Message}";
        }
    }

    private static bool HasServerTools(string dir) =>
        new[] { "initdb", "pg_ctl", "postgres", "pg_isready" }.All(tool => File.Exists(Path.Combine(dir, tool)));

    private static string? PgConfigBinDir()
    {
        try
        {
            var (exitCode, output, _) = Run("pg_config", ["--bindir"], asOwner: false, TimeSpan.FromSeconds(30));
            return exitCode == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static (int ExitCode, string Output, string Command) Run(string fileName, IReadOnlyList<string> args, bool asOwner, TimeSpan timeout)
    {
        var runuser = asOwner && RunningAsRoot;
        var info = new ProcessStartInfo(runuser ? "runuser" : fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            // The cluster owner may not be allowed into the test's working folder; the tools only get absolute paths.
            WorkingDirectory = "/",
        };
        if (runuser)
        {
            foreach (var arg in new[] { "-u", ClusterOwner, "--", fileName })
            {
                info.ArgumentList.Add(arg);
            }
        }
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        // initdb takes the cluster's default text encoding and collation from the locale; pin them, whatever the host has.
        info.Environment["LC_ALL"] = "C.UTF-8";
        var command = string.Join(' ', new[] { info.FileName }.Concat(info.ArgumentList));
        using var process = Process.Start(info) ?? throw new PostgresHarnessException("Could not start a process.", command, "");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5_000);
            throw new PostgresHarnessException($"Did not finish within {timeout}.", command, "");
        }
        var output = new StringBuilder().Append(stdout.GetAwaiter().GetResult()).Append(stderr.GetAwaiter().GetResult()).ToString();
        return (process.ExitCode, output, command);
    }
}

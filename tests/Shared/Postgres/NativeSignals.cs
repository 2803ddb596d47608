using System.Runtime.InteropServices;

namespace Conifer.Tests.Shared.Postgres;

/// <summary>
/// Signals to a process by pid, and whether it still runs. Only ints and strings: safe from a finalizer or a
/// process-exit handler, when the managed objects that started the process may already be gone.
/// </summary>
internal static class NativeSignals
{
    /// <summary>PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.</summary>
    public const int Interrupt = 2;

    /// <summary>PostgreSQL's "immediate" shutdown: exit now, recover from WAL at the next start.</summary>
    public const int Quit = 3;

    public const int Kill = 9;

    public static bool Send(int pid, int signal) => pid > 0 && kill(pid, signal) == 0;

    /// <summary>
    /// Whether <paramref name="pid"/> is a live process. A zombie counts as gone: a postmaster whose parent (pg_ctl)
    /// exited is re-parented to pid 1, which in some containers never reaps it.
    /// </summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0 || kill(pid, 0) != 0)
        {
            return false;
        }
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = stat.LastIndexOf(')');
            return afterName < 0 || afterName + 2 >= stat.Length || stat[afterName + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Whether <paramref name="pid"/> runs a PostgreSQL server, so a stale pid file never gets another process signalled.</summary>
    public static bool IsPostgres(int pid)
    {
        try
        {
            return IsAlive(pid) && File.ReadAllText($"/proc/{pid}/cmdline").Contains("postgres", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Signals <paramref name="pid"/> and waits for it to go; escalates to SIGKILL after <paramref name="grace"/>.</summary>
    public static void StopAndWait(int pid, int signal, TimeSpan grace)
    {
        if (!Send(pid, signal))
        {
            return;
        }
        var deadline = Environment.TickCount64 + (long)grace.TotalMilliseconds;
        while (IsAlive(pid) && Environment.TickCount64 < deadline)
        {
            Thread.Sleep(20);
        }
        if (IsAlive(pid))
        {
            Send(pid, Kill);
            var killDeadline = Environment.TickCount64 + 5_000;
            while (IsAlive(pid) && Environment.TickCount64 < killDeadline)
            {
                Thread.Sleep(20);
            }
        }
    }

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int kill(int pid, int sig);
}

using System.Diagnostics;
using System.Globalization;
using System.Runtime.ConstrainedExecution;

namespace Conifer.Tests.Shared.Postgres;

/// <summary>
/// Makes sure a cluster the harness started does not outlive the test process: stopped by pid and its folder
/// deleted at <see cref="AppDomain.ProcessExit"/> (a normal end or SIGTERM), from the finalizer if the owner is
/// collected without being disposed, and by a small shell watchdog when the test host is killed outright (a hang
/// timeout, SIGKILL), where no managed code runs at all.
/// </summary>
internal sealed class PrivateClusterLifetime : CriticalFinalizerObject, IDisposable
{
    // The watchdog polls the test host's pid; once it is gone, it stops the postmaster named by the pid file
    // (immediate shutdown: the data is about to be deleted) and deletes the folder. A zombie counts as gone (see
    // NativeSignals.IsAlive). It also finishes a stop the process-exit handler began: a test runner kills a host
    // that takes long to exit.
    private const string WatchdogScript = """
        parent=$1; data=$2; folder=$3
        alive() { [ -r "/proc/$1/stat" ] && [ "$(sed -n 's/.*) \(.\).*/\1/p' "/proc/$1/stat")" != Z ]; }
        while alive "$parent"; do sleep 1; done
        pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null)
        if [ -n "$pid" ] && grep -q postgres "/proc/$pid/cmdline" 2>/dev/null; then
          kill -QUIT "$pid" 2>/dev/null
          i=0
          while alive "$pid" && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i+1)); done
          kill -KILL "$pid" 2>/dev/null
        fi
        rm -rf "$folder"
        """;

    // Runs the watchdog in the background in a session of its own and prints its pid. In a background job
    // setsid is not a process group leader, so it does not fork again: $! is the watchdog itself.
    private const string DetachScript = """
        script=$1; shift
        if command -v setsid >/dev/null 2>&1; then
          setsid /bin/sh -c "$script" conifer-postgres-watchdog "$@" </dev/null >/dev/null 2>&1 &
        else
          /bin/sh -c "$script" conifer-postgres-watchdog "$@" </dev/null >/dev/null 2>&1 &
        fi
        echo $!
        """;

    // What stopping needs, apart from this object: the process-exit handler holds the state, not the lifetime,
    // so an undisposed lifetime can still be collected and stop the cluster from its finalizer.
    private readonly StopState _state;

    public PrivateClusterLifetime(string folder, string dataDirectory)
    {
        _state = new StopState(folder, dataDirectory);
        AppDomain.CurrentDomain.ProcessExit += _state.OnProcessExit;
    }

    /// <summary>The running postmaster's pid, after every start.</summary>
    public int PostmasterPid => Volatile.Read(ref _state.PostmasterPid);

    /// <summary>Reads the postmaster's pid from <c>postmaster.pid</c> (its first line) and remembers it.</summary>
    public int TrackPostmaster()
    {
        var pid = ReadPidFile(_state.DataDirectory);
        Volatile.Write(ref _state.PostmasterPid, pid);
        return pid;
    }

    /// <summary>
    /// Starts the watchdog detached (its own session, re-parented to init): a runner that kills the test host's
    /// whole process tree (BenchmarkDotNet does, for a benchmark process slow to exit) must not kill it too.
    /// </summary>
    public void StartWatchdog()
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var arg in new[] { "-c", DetachScript, "conifer-postgres-watchdog-launcher", WatchdogScript, Environment.ProcessId.ToString(CultureInfo.InvariantCulture), _state.DataDirectory, _state.Folder })
        {
            info.ArgumentList.Add(arg);
        }
        using var launcher = Process.Start(info) ?? throw new InvalidOperationException("Could not start /bin/sh for the PostgreSQL watchdog.");
        launcher.StandardInput.Close();
        var pid = launcher.StandardOutput.ReadLine();
        launcher.WaitForExit(10_000);
        Volatile.Write(ref _state.WatchdogPid, int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var watchdog) ? watchdog : 0);
    }

    /// <summary>Stops the postmaster by pid (immediate shutdown, SIGKILL after 10 s) and deletes the folder; idempotent.</summary>
    public void Stop() => _state.Stop();

    public void Dispose()
    {
        _state.Stop();
        GC.SuppressFinalize(this);
    }

    ~PrivateClusterLifetime() => _state.Stop();

    private static int ReadPidFile(string dataDirectory)
    {
        try
        {
            var first = File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).FirstOrDefault();
            return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>Only ints, strings and signals, so stopping is safe from a finalizer and from the process-exit handler.</summary>
    private sealed class StopState(string folder, string dataDirectory)
    {
        public int PostmasterPid;
        public int WatchdogPid;
        private int _stopped;

        public string Folder { get; } = folder;

        public string DataDirectory { get; } = dataDirectory;

        public void OnProcessExit(object? sender, EventArgs e) => Stop();

        public void Stop()
        {
            if (Interlocked.Exchange(ref _stopped, 1) == 1)
            {
                return;
            }
            AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
            // Immediate shutdown: the data is deleted next, so a checkpoint would only make the test host's exit
            // slower, and a test runner may kill a host that takes long to exit. The pid file names the current
            // postmaster, also after a restart the tracked pid missed.
            foreach (var pid in new[] { ReadPidFile(DataDirectory), Volatile.Read(ref PostmasterPid) }.Distinct())
            {
                if (NativeSignals.IsPostgres(pid))
                {
                    NativeSignals.StopAndWait(pid, NativeSignals.Quit, TimeSpan.FromSeconds(10));
                }
            }
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // A backend that just exited may hold a file for a moment; the folder is under the temp folder.
            }
            catch (UnauthorizedAccessException)
            {
            }
            // Last: if this process is killed half-way through the above, the watchdog finishes the job.
            NativeSignals.Send(Volatile.Read(ref WatchdogPid), NativeSignals.Kill);
        }
    }
}

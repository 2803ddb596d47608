using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Conifer.Cli.Tests.Harness;

/// <summary>
/// A real <c>conifer run-server</c> process on loopback with free ports and a given store; killed
/// (with its children) when disposed.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    public const string Password = "test-password";
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServerProcess(Process process, string store, int publicPort, int adminPort)
    {
        _process = process;
        Store = store;
        PublicUrl = $"http://127.0.0.1:{publicPort}";
        AdminUrl = $"http://127.0.0.1:{adminPort}";
        Public = new HttpClient { BaseAddress = new Uri(PublicUrl), Timeout = TimeSpan.FromSeconds(60) };
        Admin = new HttpClient { BaseAddress = new Uri(AdminUrl), Timeout = TimeSpan.FromMinutes(3) };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("any:" + Password)));
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Store { get; }

    public string PublicUrl { get; }

    public string AdminUrl { get; }

    public HttpClient Public { get; }

    /// <summary>An admin client that sends the password.</summary>
    public HttpClient Admin { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once the process has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Waits up to <paramref name="limit"/> for the process to exit on its own; returns its exit code, or null if it still runs.</summary>
    public async Task<int?> TryWaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        return _process.ExitCode;
    }

    /// <summary>Sends a signal by pid with <c>kill</c> (STOP, CONT, TERM, ...).</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public static async Task<ServerProcess> StartAsync(
        string store, string? deploy = null, bool withPassword = true, IEnumerable<string>? extraArgs = null, IReadOnlyDictionary<string, string>? environment = null,
        bool requireReady = true)
    {
        var publicPort = FreePort.Next();
        var adminPort = FreePort.Next();
        List<string> args =
        [
            "run-server", "--process-store", store,
            "--public-urls", $"http://127.0.0.1:{publicPort}",
            "--admin-urls", $"http://127.0.0.1:{adminPort}",
            // Short, so that the test of a migration that never returns does not wait a minute.
            "--migration-timeout", "5",
        ];
        if (withPassword)
        {
            args.AddRange(["--admin-password", Password]);
        }
        if (deploy is not null)
        {
            args.AddRange(["--deploy", deploy]);
        }
        args.AddRange(extraArgs ?? []);
        var info = ConiferCli.StartInfo(args);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        var process = Process.Start(info)!;
        process.StandardInput.Close();
        var server = new ServerProcess(process, store, publicPort, adminPort);
        try
        {
            await server.WaitReadyAsync(requireReady);
        }
        catch
        {
            // A server that never became ready is still running: stop it, the test gets no handle to.
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>Waits until the public URL listens; with <paramref name="requireReady"/> also until the state is restored.</summary>
    private async Task WaitReadyAsync(bool requireReady)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Log}");
            }
            try
            {
                // The public URL listens only once the state is restored (and any --deploy is done).
                using var response = await probe.GetAsync(AdminUrl + (requireReady ? "/health/ready" : "/health/live"));
                if (response.StatusCode == HttpStatusCode.OK && Log.Contains("public app on", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"The server did not become ready:\n{Log}");
    }

    public async Task<string> PostAsync(string body, string path = "/")
    {
        using var response = await Public.PostAsync(path, new StringContent(body));
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? text : throw new HttpRequestException($"POST {path} answered {(int)response.StatusCode}: {text}");
    }

    public async Task<string> GetAsync(string path = "/")
    {
        using var response = await Public.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? text : throw new HttpRequestException($"GET {path} answered {(int)response.StatusCode}: {text}");
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a power cut for the process.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
    }

    /// <summary>Waits for the server to exit by itself (bounded by <paramref name="timeout"/>); returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, as a supervisor stops a service; returns the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Public.Dispose();
        Admin.Dispose();
        _process.Dispose();
    }
}

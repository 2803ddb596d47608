using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Conifer.Benchmarks.Runtime;
using Conifer.Runtime;
using Conifer.Runtime.Replication;
using Conifer.Server;
using Conifer.Store;
using Conifer.Store.Locations;
using Conifer.Tests.Shared.Postgres;

namespace Conifer.Benchmarks.Replication;

/// <summary>
/// The replicated store end to end, each figure beside its named baseline in the same run:
/// <list type="bullet">
/// <item>counter events/s at 64 callers on PostgreSQL, against the same server on the embedded file store;</item>
/// <item>a hot standby's lag (p50/p99, commit to applied) under that load, beside the primary's own request latency;</item>
/// <item>takeover time after a kill -9 of the primary (real processes), against the lease TTL (the target is TTL + at most 1 s).</item>
/// </list>
/// These are one-shot measurements of whole processes rather than BenchmarkDotNet micro-benchmarks:
/// <c>dotnet run -c Release --project tests/Conifer.Benchmarks -- replication</c> (build src/Conifer.Cli in Release first).
/// </summary>
public static class ReplicationMeasurements
{
    private const int Callers = 64;
    private const int Requests = 6000;
    private const int Rounds = 3;
    private const int Kills = 5;
    private static readonly TimeSpan s_ttl = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(string? only = null)
    {
        var cluster = PostgresCluster.Shared;
        Console.WriteLine($"PostgreSQL at {cluster.Host}:{cluster.Port}; {Environment.ProcessorCount} cores");
        var root = Path.Combine(Path.GetTempPath(), $"conifer-bench-repl-{Guid.NewGuid():N}");
        var app = Path.Combine(root, "counter");
        Directory.CreateDirectory(Path.Combine(app, "Backend"));
        await File.WriteAllBytesAsync(Path.Combine(app, "Backend", "App.cs"), BenchApps.Counter.Files[0].Content.ToArray());
        try
        {
            if (only is null or "load")
            {
                await MeasureLoadAsync(cluster, root, app);
            }

            if (only is null or "takeover")
            {
                await MeasureTakeoverAsync(cluster, app);
            }

            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(root, true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task MeasureLoadAsync(PostgresCluster cluster, string root, string app)
    {
        var file = new List<double>();
        var database = new List<double>();
        var latencies = new List<double>();
        IReadOnlyList<double> lag = [];
        for (var round = 0; round < Rounds; round++)
        {
            file.Add((await LoadAsync(Path.Combine(root, $"store-{round}"), app, null)).EventsPerSecond);
            var uri = cluster.CreateDatabase("bench_e2e") + "?app=counter";
            var run = await LoadAsync(uri, app, uri);
            database.Add(run.EventsPerSecond);
            latencies.AddRange(run.Latencies);
            lag = [.. lag, .. run.Lag];
        }

        Console.WriteLine();
        Console.WriteLine($"| counter, {Callers} callers, {Requests} requests, median of {Rounds} | events/s | ratio |");
        Console.WriteLine("| --- | ---: | ---: |");
        Console.WriteLine($"| file store (baseline) | {Median(file):0} | 1.00 |");
        Console.WriteLine($"| PostgreSQL store | {Median(database):0} | {Median(database) / Median(file):0.00} |");
        Console.WriteLine();
        Console.WriteLine("| under that load (PostgreSQL) | p50 ms | p99 ms |");
        Console.WriteLine("| --- | ---: | ---: |");
        Console.WriteLine($"| primary: request answered (baseline) | {Percentile(latencies, 0.50):0.0} | {Percentile(latencies, 0.99):0.0} |");
        Console.WriteLine($"| standby: record committed to applied | {Percentile(lag, 0.50):0.0} | {Percentile(lag, 0.99):0.0} |");
    }

    private static async Task MeasureTakeoverAsync(PostgresCluster cluster, string app)
    {

        var takeovers = new List<double>();
        for (var kill = 0; kill < Kills; kill++)
        {
            takeovers.Add(await TakeoverAfterKillAsync(cluster, app));
        }

        Console.WriteLine();
        Console.WriteLine($"| takeover after kill -9, {Kills} kills | seconds | vs TTL |");
        Console.WriteLine("| --- | ---: | ---: |");
        Console.WriteLine($"| lease TTL (baseline) | {s_ttl.TotalSeconds:0.00} | 1.00 |");
        Console.WriteLine($"| median takeover | {Median(takeovers):0.00} | +{Median(takeovers) - s_ttl.TotalSeconds:0.00} s |");
        Console.WriteLine($"| worst takeover | {takeovers.Max():0.00} | +{takeovers.Max() - s_ttl.TotalSeconds:0.00} s |");
        Console.WriteLine($"(each: {string.Join(", ", takeovers.Select(t => t.ToString("0.00", CultureInfo.InvariantCulture)))} s)");
    }

    private sealed record LoadRun(double EventsPerSecond, List<double> Latencies, IReadOnlyList<double> Lag);

    private static async Task<LoadRun> LoadAsync(string store, string app, string? follow)
    {
        var publicPort = FreePort();
        await using var server = await ConiferServer.StartAsync(new ServerOptions
        {
            ProcessStore = store,
            PublicUrls = $"http://127.0.0.1:{publicPort}",
            AdminUrls = $"http://127.0.0.1:{FreePort()}",
            DeployOnStart = app,
            Replication = new ReplicationOptions { LeaseTtl = TimeSpan.FromSeconds(5), PublicUrl = $"http://127.0.0.1:{publicPort}" },
            Log = _ => { },
        });
        HotStandby? standby = null;
        Task? following = null;
        using var stop = new CancellationTokenSource();
        if (follow is not null)
        {
            standby = await HotStandby.OpenAsync((DatabaseLocation)StoreLocation.Parse(follow), new RuntimeOptions { StoreDirectory = follow });
            following = Task.Run(async () =>
            {
                try
                {
                    await standby.RunUntilTakeOverAsync(new ReplicationOptions { Holder = "bench-standby" }, stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            });
        }

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Callers }) { BaseAddress = new Uri($"http://127.0.0.1:{publicPort}") };
        var latencies = new List<double>();
        var next = 0;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            var mine = new List<double>();
            while (Interlocked.Increment(ref next) <= Requests)
            {
                var sent = Stopwatch.GetTimestamp();
                using var response = await client.PostAsync("/", new StringContent("1"));
                response.EnsureSuccessStatusCode();
                mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }

            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        })));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        IReadOnlyList<double> lag = [];
        if (standby is not null)
        {
            var deadline = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
            while (standby.Status.AppliedSequence < server.Holder.Process!.LastSequence && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(20);
            }

            lag = standby.LagSamples;
            await stop.CancelAsync();
            await following!;
            await standby.DisposeAsync();
        }

        return new LoadRun(Requests / seconds, latencies, lag);
    }

    private static async Task<double> TakeoverAfterKillAsync(PostgresCluster cluster, string app)
    {
        var uri = cluster.CreateDatabase("bench_takeover") + "?app=counter";
        var primaryPort = FreePort();
        var standbyPort = FreePort();
        using var primary = Start(uri, primaryPort, standby: false, app);
        using var standby = Start(uri, standbyPort, standby: true, null);
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            await WaitAsync(() => PostOkAsync(client, primaryPort), TimeSpan.FromSeconds(90), "the primary to serve");
            await WaitAsync(async () => (await GetStatusAsync(client, standbyPort)) == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(60), "the standby to listen");
            await Task.Delay(500);
            primary.Kill();
            var killed = Stopwatch.GetTimestamp();
            await WaitAsync(() => PostOkAsync(client, standbyPort), TimeSpan.FromSeconds(30), "the standby to take over");
            return Stopwatch.GetElapsedTime(killed).TotalSeconds;
        }
        finally
        {
            foreach (var process in new[] { primary, standby })
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    await process.WaitForExitAsync();
                }
            }
        }
    }

    private static Process Start(string uri, int publicPort, bool standby, string? deploy)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        info.ArgumentList.Add(CliDll());
        foreach (var arg in new[] { "run-server", "--process-store", uri, "--public-urls", $"http://127.0.0.1:{publicPort}", "--admin-urls", $"http://127.0.0.1:{FreePort()}", "--lease-ttl", s_ttl.TotalSeconds.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        if (standby)
        {
            info.ArgumentList.Add("--standby");
        }

        if (deploy is not null)
        {
            info.ArgumentList.Add("--deploy");
            info.ArgumentList.Add(deploy);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static readonly System.Text.StringBuilder s_output = new();

    private static void Record(string? line)
    {
        if (line is not null)
        {
            lock (s_output)
            {
                s_output.AppendLine(line);
            }
        }
    }

    private static string CliDll()
    {
        var directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "Runtime.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        var path = Path.Combine(directory ?? ".", "src", "Conifer.Cli", "bin", "Release", "net10.0", "conifer.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the CLI first: dotnet build -c Release src/Conifer.Cli (looked for {path}).");
    }

    private static async Task<bool> PostOkAsync(HttpClient client, int port)
    {
        try
        {
            using var response = await client.PostAsync($"http://127.0.0.1:{port}/", new StringContent("1"));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<HttpStatusCode?> GetStatusAsync(HttpClient client, int port)
    {
        try
        {
            using var response = await client.GetAsync($"http://127.0.0.1:{port}/");
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!await condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                string output;
                lock (s_output)
                {
                    output = s_output.ToString();
                }

                throw new TimeoutException($"Timed out waiting for {what}. The servers said:\n{output}");
            }

            await Task.Delay(20);
        }
    }

    private static double Median(IReadOnlyList<double> values) => Percentile(values, 0.5);

    private static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

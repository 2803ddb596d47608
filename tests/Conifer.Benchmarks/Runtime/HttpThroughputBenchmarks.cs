using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Conifer.Server;
using Conifer.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Conifer.Benchmarks.Runtime;

/// <summary>
/// HTTP requests per second to the public counter under a bounded load (a fixed number of
/// requests from a fixed number of connections), against a bare Kestrel endpoint that does the
/// same increment plus the same group-committed store append before it answers.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class HttpThroughputBenchmarks
{
    private const int Requests = 4000;
    private string _root = "";
    private ConiferServer _conifer = null!;
    private WebApplication _bare = null!;
    private FileProcessStore _bareStore = null!;
    private HttpClient _coniferClient = null!;
    private HttpClient _bareClient = null!;
    private long _bareCounter;
    private readonly SemaphoreSlim _bareWriter = new(1, 1);

    [Params(16, 64)]
    public int Connections { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), $"conifer-bench-http-{Guid.NewGuid():N}");
        var app = Path.Combine(_root, "counter");
        Directory.CreateDirectory(Path.Combine(app, "Backend"));
        File.WriteAllBytes(Path.Combine(app, "Backend", "App.cs"), BenchApps.Counter.Files[0].Content.ToArray());
        var publicPort = FreePort();
        _conifer = ConiferServer.StartAsync(new ServerOptions
        {
            ProcessStore = Path.Combine(_root, "store"),
            PublicUrls = $"http://127.0.0.1:{publicPort}",
            AdminUrls = $"http://127.0.0.1:{FreePort()}",
            DeployOnStart = app,
            Log = _ => { },
        }).GetAwaiter().GetResult();
        _coniferClient = Client(publicPort);

        var barePort = FreePort();
        _bareStore = FileProcessStore.Open(Path.Combine(_root, "bare"));
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{barePort}");
        _bare = builder.Build();
        _bare.MapPost("/", BareIncrementAsync);
        _bare.StartAsync().GetAwaiter().GetResult();
        _bareClient = Client(barePort);
    }

    private async Task BareIncrementAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var addend = long.Parse(await reader.ReadToEndAsync(), System.Globalization.CultureInfo.InvariantCulture);
        ValueTask<long> append;
        long sum;
        await _bareWriter.WaitAsync();
        try
        {
            sum = _bareCounter += addend;
            append = _bareStore.AppendAsync(RecordKind.AppEvent, BitConverter.GetBytes(sum));
        }
        finally
        {
            _bareWriter.Release();
        }
        await append;
        await context.Response.WriteAsync(sum.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _conifer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _bare.StopAsync().GetAwaiter().GetResult();
        _bareStore.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _coniferClient.Dispose();
        _bareClient.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Requests)]
    public Task Bare_Kestrel_with_group_commit() => Load(_bareClient);

    [Benchmark(OperationsPerInvoke = Requests)]
    public Task Conifer_public_counter() => Load(_coniferClient);

    private Task Load(HttpClient client) =>
        Task.WhenAll(Enumerable.Range(0, Connections).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < Requests / Connections; i++)
            {
                using var response = await client.PostAsync("/", new StringContent("1"));
                response.EnsureSuccessStatusCode();
            }
        })));

    private HttpClient Client(int port) => new(new SocketsHttpHandler { MaxConnectionsPerServer = Connections })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{port}"),
    };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

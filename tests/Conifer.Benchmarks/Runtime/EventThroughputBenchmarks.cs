using System.Collections.Immutable;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Conifer.App;
using Conifer.Runtime;
using Conifer.Runtime.Deploy;
using Conifer.Runtime.Log;
using Conifer.Runtime.Public;
using Conifer.Store;
using Conifer.Values.Mapping;

namespace Conifer.Benchmarks.Runtime;

/// <summary>
/// Durable events per second of the counter driven in process (apply, log, group commit, respond
/// after durability) against the store's raw group-commit append rate of the same log payloads
/// from the same number of concurrent callers: the baseline is what the runtime adds nothing to.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class EventThroughputBenchmarks
{
    private const int Events = 4096;
    private string _root = "";
    private LiveProcess _process = null!;
    private FileProcessStore _store = null!;
    private byte[] _payload = [];
    private static readonly ImmutableArray<byte> One = [.. Encoding.UTF8.GetBytes("1")];

    [Params(1, 64)]
    public int Callers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), $"conifer-bench-events-{Guid.NewGuid():N}");
        _process = LiveProcess.OpenAsync(new RuntimeOptions { StoreDirectory = Path.Combine(_root, "live") }).GetAwaiter().GetResult();
        _process.DeployAsync(BenchApps.Counter, DeployMode.Init, dryRun: false).GetAwaiter().GetResult();
        _store = FileProcessStore.Open(Path.Combine(_root, "raw"));
        // The same bytes the runtime logs for one counter request.
        var request = new HttpRequestEvent("r0.1", 1_764_000_000_000, "POST", "/", [], One);
        _payload = ValueMapper.For(typeof(LoggedEvent)).Serialize(new LoggedEvent.HttpRequest(request));
        Console.WriteLine($"// log payload per event: {_payload.Length} bytes");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _process.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public Task Store_group_commit_appends() => Run(async () => await _store.AppendAsync(RecordKind.AppEvent, _payload));

    [Benchmark(OperationsPerInvoke = Events)]
    public Task Counter_durable_events() => Run(async () =>
    {
        var response = await _process.HandleRequestAsync(new PublicRequest("POST", "/", [], One));
        if (response.StatusCode != 200)
        {
            throw new InvalidOperationException(response.BodyText);
        }
    });

    private Task Run(Func<Task> operation) =>
        Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < Events / Callers; i++)
            {
                await operation();
            }
        })));
}

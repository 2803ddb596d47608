using System.Collections.Immutable;
using System.Text;
using BenchmarkDotNet.Attributes;
using Conifer.Runtime;
using Conifer.Runtime.Deploy;
using Conifer.Runtime.Public;
using Conifer.Runtime.Rehearsal;
using Conifer.Runtime.Verification;

namespace Conifer.Benchmarks.Runtime;

/// <summary>
/// <c>store verify --replay</c> on counter logs of 50,000 events, against the baseline of a plain read-only restore
/// of the same log from the empty process (<see cref="StoreReader"/>, the replay a restart without snapshots runs):
/// what the checks add, once with only the deploy to recompute and once with a snapshot every 5,000 records.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class ReplayVerifierBenchmarks
{
    private const int Events = 50_000;
    private static readonly ImmutableArray<byte> One = [.. Encoding.UTF8.GetBytes("1")];
    private string _root = "";

    private string WithoutSnapshots => Path.Combine(_root, "plain");

    private string WithSnapshots => Path.Combine(_root, "snapshots");

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), $"conifer-bench-replay-{Guid.NewGuid():N}");
        Fill(WithoutSnapshots, int.MaxValue).GetAwaiter().GetResult();
        Fill(WithSnapshots, 5_000).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark(Baseline = true)]
    public async Task<long> Restore_from_the_empty_process() => (await StoreReader.ReadAsync(WithoutSnapshots)).LastSequence;

    [Benchmark]
    public async Task<long> Verify_replay_without_snapshots() => Check(await ReplayVerifier.RunAsync(WithoutSnapshots));

    [Benchmark]
    public async Task<long> Verify_replay_with_a_snapshot_every_5000_records() => Check(await ReplayVerifier.RunAsync(WithSnapshots));

    private static long Check(ReplayReport report)
    {
        if (!report.Matches)
        {
            throw new InvalidOperationException(report.Divergence!.ToString());
        }
        Console.WriteLine($"// {report.RecordsReplayed} records, {report.SnapshotsCompared} snapshots, {report.DeploysCompared} deploys compared");
        return report.RecordsReplayed;
    }

    private static async Task Fill(string directory, int snapshotEvery)
    {
        var process = await LiveProcess.OpenAsync(new RuntimeOptions { StoreDirectory = directory, SnapshotEveryRecords = snapshotEvery });
        await using (process)
        {
            await process.DeployAsync(BenchApps.Counter, DeployMode.Init, dryRun: false);
            var next = 0;
            await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
            {
                while (Interlocked.Increment(ref next) <= Events)
                {
                    await process.HandleRequestAsync(new PublicRequest("POST", "/", [], One));
                }
            })));
        }
    }
}

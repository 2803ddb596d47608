using System.IO.Hashing;
using BenchmarkDotNet.Attributes;
using Conifer.Store;

namespace Conifer.Benchmarks.Store;

/// <summary>
/// Recovery of a 1,000,000-record log of 100-byte records: open (check every checksum and chain link) and replay
/// every record, against reading the same segment files and hashing their bytes once.
/// </summary>
[Config(typeof(StoreJobConfig))]
public class RecoveryBenchmarks
{
    private const int Records = 1_000_000;
    private string? _directory;

    [GlobalSetup]
    public void CreateLog()
    {
        _directory = BenchDirectory.Create("recovery");
        var store = FileProcessStore.Open(_directory);
        var payload = new byte[100];
        const int writers = 256;
        Task.WaitAll([.. Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < Records / writers; i++)
            {
                await store.AppendAsync(RecordKind.AppEvent, payload);
            }
        }))]);
        for (var i = store.LastSequence; i < Records; i++)
        {
            store.AppendAsync(RecordKind.AppEvent, payload).AsTask().GetAwaiter().GetResult();
        }

        store.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void DeleteLog() => BenchDirectory.Delete(_directory);

    [Benchmark(Baseline = true, OperationsPerInvoke = Records)]
    public ulong ReadAndHashSegmentFiles()
    {
        ulong hash = 0;
        foreach (var file in Directory.GetFiles(_directory!, "*.seg"))
        {
            hash ^= XxHash3.HashToUInt64(File.ReadAllBytes(file));
        }

        return hash;
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public async Task<long> OpenAndReplay()
    {
        var store = FileProcessStore.Open(_directory!);
        await using (store)
        {
            long bytes = 0;
            foreach (var record in store.Recovery.ReadRecords())
            {
                bytes += record.Payload.Length;
            }

            return bytes;
        }
    }
}

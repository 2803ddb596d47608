using BenchmarkDotNet.Attributes;
using Conifer.Store;

namespace Conifer.Benchmarks.Store;

/// <summary>
/// Writing and reading a 40 MB snapshot (the size of a 1M-record state), against a plain FileStream write + fsync
/// and a plain read of the same bytes.
/// </summary>
[Config(typeof(StoreJobConfig))]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
public class SnapshotBenchmarks
{
    private const int StateBytes = 40 * 1024 * 1024;
    private readonly byte[] _state = new byte[StateBytes];
    private string? _directory;
    private FileProcessStore? _store;
    private string? _plainPath;

    [GlobalSetup]
    public void CreateState()
    {
        new Random(1).NextBytes(_state);
        _directory = BenchDirectory.Create("snapshot");
        _plainPath = Path.Combine(_directory, "plain.bin");
        _store = FileProcessStore.Open(_directory);
        _store.AppendAsync(RecordKind.AppEvent, new byte[100]).AsTask().GetAwaiter().GetResult();
        _store.WriteSnapshotAsync(1, (s, ct) => s.WriteAsync(_state, ct).AsTask()).GetAwaiter().GetResult();
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store = FileProcessStore.Open(_directory);
        File.WriteAllBytes(_plainPath, _state);
    }

    [GlobalCleanup]
    public void Delete()
    {
        _store!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        BenchDirectory.Delete(_directory);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Write")]
    public void PlainFileStreamWriteAndFsync()
    {
        var path = Path.Combine(_directory!, "plain-write.bin");
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            stream.Write(_state);
            stream.Flush(flushToDisk: true);
        }

        File.Delete(path);
    }

    [Benchmark]
    [BenchmarkCategory("Write")]
    public async Task<SnapshotInfo> StoreWriteSnapshot()
    {
        // A new record each time so that every snapshot covers a new sequence.
        var covers = await _store!.AppendAsync(RecordKind.AppEvent, new byte[100]);
        return await _store.WriteSnapshotAsync(covers, (s, ct) => s.WriteAsync(_state, ct).AsTask());
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Read")]
    public byte[] PlainFileRead() => File.ReadAllBytes(_plainPath!);

    /// <summary>
    /// Drops the older snapshot between iterations (untimed), as the plain baseline deletes its file: otherwise every
    /// iteration would write into fresh, never-touched page-cache memory, which this VM faults in slowly.
    /// </summary>
    [IterationCleanup(Target = nameof(StoreWriteSnapshot))]
    public void DropOlderSnapshots() => _store!.TruncateAsync().GetAwaiter().GetResult();

    [Benchmark]
    [BenchmarkCategory("Read")]
    public byte[] StoreReadSnapshot()
    {
        using var stream = _store!.Recovery.Snapshot is { } snapshot ? snapshot.OpenState() : throw new InvalidOperationException("no snapshot");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}

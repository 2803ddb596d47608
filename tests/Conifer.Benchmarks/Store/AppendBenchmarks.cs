using BenchmarkDotNet.Attributes;
using Conifer.Store;
using Conifer.Store.IO;
using Microsoft.Win32.SafeHandles;

namespace Conifer.Benchmarks.Store;

/// <summary>
/// Durable appends of 100-byte records from 1, 8 and 64 concurrent writers, against the raw floor: a loop of one
/// positional write + one fdatasync of the same framed bytes, in batches as large as the writer count.
/// </summary>
[Config(typeof(StoreJobConfig))]
public class AppendBenchmarks
{
    private const int Records = 2048;
    private const int FramedRecordBytes = 100 + 32;
    private static readonly byte[] s_payload = new byte[100];

    private string? _directory;
    private FileProcessStore? _store;
    private SafeFileHandle? _raw;
    private FileStream? _rawStream;

    [Params(1, 8, 64)]
    public int Writers { get; set; }

    [IterationSetup(Target = nameof(StoreAppends))]
    public void SetupStore()
    {
        _directory = BenchDirectory.Create("append");
        _store = FileProcessStore.Open(_directory);
    }

    [IterationCleanup(Target = nameof(StoreAppends))]
    public void CleanupStore()
    {
        _store!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        BenchDirectory.Delete(_directory);
    }

    [IterationSetup(Target = nameof(RawWriteAndSync))]
    public void SetupRaw()
    {
        _directory = BenchDirectory.Create("raw");
        _raw = File.OpenHandle(Path.Combine(_directory, "raw.log"), FileMode.CreateNew, FileAccess.ReadWrite);
        _rawStream = new FileStream(_raw, FileAccess.ReadWrite, bufferSize: 0);
        // Set up like a store segment: the new file and its name are durable before the first append.
        NativeSync.SyncData(_raw, _rawStream);
        NativeSync.SyncDirectory(_directory);
    }

    [IterationCleanup(Target = nameof(RawWriteAndSync))]
    public void CleanupRaw()
    {
        _rawStream!.Dispose();
        BenchDirectory.Delete(_directory);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Records)]
    public void RawWriteAndSync()
    {
        var batch = new byte[FramedRecordBytes * Writers];
        long offset = 0;
        for (var written = 0; written < Records; written += Writers)
        {
            RandomAccess.Write(_raw!, batch, offset);
            NativeSync.SyncData(_raw!, _rawStream!);
            offset += batch.Length;
        }
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public async Task StoreAppends()
    {
        var perWriter = Records / Writers;
        var writers = new Task[Writers];
        for (var w = 0; w < Writers; w++)
        {
            writers[w] = Task.Run(async () =>
            {
                for (var i = 0; i < perWriter; i++)
                {
                    await _store!.AppendAsync(RecordKind.AppEvent, s_payload);
                }
            });
        }

        await Task.WhenAll(writers);
    }
}

using System.Collections.Concurrent;
using System.Text;
using Conifer.Store.Exceptions;
using Conifer.Store.Tests.Faults;

namespace Conifer.Store.Tests;

/// <summary>
/// A workload for fault tests: appends (alone and concurrent), a blob, a snapshot, a truncate, more appends. It
/// remembers which appends were acknowledged. The snapshot state is the list of "sequence:payload" lines of every
/// app record it covers, so recovery can be checked record by record.
/// </summary>
public sealed class Workload
{
    public ConcurrentDictionary<long, string> Acknowledged { get; } = new();

    public static StoreOptions SmallSegments(MemoryFileSystem fileSystem) =>
        new() { FileSystem = fileSystem, SegmentBytes = 256 };

    public async Task RunAsync(string directory, StoreOptions options)
    {
        var store = FileProcessStore.Open(directory, options);
        try
        {
            var payloads = new ConcurrentDictionary<long, string>();
            for (var i = 0; i < 6; i++)
            {
                await AppendAsync(store, payloads, $"single {i}");
            }

            await Task.WhenAll(Enumerable.Range(0, 5).Select(i => AppendAsync(store, payloads, $"concurrent {i}")));
            await store.PutBlobAsync(Encoding.UTF8.GetBytes("app source"));
            var covers = store.LastSequence;
            await store.WriteSnapshotAsync(covers, (stream, ct) => WriteStateAsync(stream, payloads, covers, ct));
            for (var i = 0; i < 3; i++)
            {
                await AppendAsync(store, payloads, $"after snapshot {i}");
            }

            await store.TruncateAsync();
            for (var i = 0; i < 3; i++)
            {
                await AppendAsync(store, payloads, $"after truncate {i}");
            }
        }
        finally
        {
            try
            {
                await store.DisposeAsync();
            }
            catch (Exception e) when (e is IOException or StoreFailedException)
            {
                // The simulated crash also fails the final close.
            }
        }
    }

    public static Task WriteStateAsync(Stream stream, IReadOnlyDictionary<long, string> payloads, long covers, CancellationToken cancellationToken)
    {
        var lines = payloads.Where(p => p.Key <= covers).OrderBy(p => p.Key).Select(p => $"{p.Key}:{p.Value}");
        var bytes = Encoding.UTF8.GetBytes(string.Join('\n', lines));
        return stream.WriteAsync(bytes, cancellationToken).AsTask();
    }

    /// <summary>Every app record the recovered store holds, by sequence: the snapshot's lines plus the replayed records.</summary>
    public static SortedDictionary<long, string> Recovered(RecoveryResult recovery)
    {
        var result = new SortedDictionary<long, string>();
        if (recovery.Snapshot is { } snapshot)
        {
            var text = Encoding.UTF8.GetString(snapshot.ReadAllState());
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                result[long.Parse(line[..colon], System.Globalization.CultureInfo.InvariantCulture)] = line[(colon + 1)..];
            }
        }

        var expected = recovery.FirstReplaySequence;
        foreach (var record in recovery.ReadRecords())
        {
            Assert.Equal(expected++, record.Sequence);
            if (record.Kind == RecordKind.AppEvent)
            {
                result[record.Sequence] = Encoding.UTF8.GetString(record.Payload.Span);
            }
        }

        Assert.Equal(recovery.LastSequence, expected - 1);
        return result;
    }

    private async Task AppendAsync(FileProcessStore store, ConcurrentDictionary<long, string> payloads, string payload)
    {
        var sequence = await store.AppendAsync(RecordKind.AppEvent, Encoding.UTF8.GetBytes(payload));
        payloads[sequence] = payload;
        Acknowledged[sequence] = payload;
    }
}

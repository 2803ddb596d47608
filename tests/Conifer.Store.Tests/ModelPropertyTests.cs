using Conifer.Store.Tests.Faults;
using Conifer.Store.Tools;
using FsCheck.Xunit;

namespace Conifer.Store.Tests;

public sealed class ModelPropertyTests
{
    private const string Directory = "/mem/store";

    /// <summary>
    /// Each byte is one step: appends of varied sizes and kinds, a burst of concurrent appends, a snapshot, a
    /// truncate, a reopen. After every reopen, and at the end, the store must hold exactly what the model holds.
    /// </summary>
    [Property(MaxTest = 60)]
    public async Task Any_sequence_of_appends_snapshots_truncates_and_reopens_matches_an_in_memory_model(byte[] steps)
    {
        var fileSystem = new MemoryFileSystem();
        var options = new StoreOptions { FileSystem = fileSystem, SegmentBytes = 400, MaxBatchBytes = 300 };
        var model = new SortedDictionary<long, (RecordKind Kind, byte[] Payload)>();
        var store = FileProcessStore.Open(Directory, options);
        try
        {
            foreach (var step in steps)
            {
                switch (step % 10)
                {
                    case < 6:
                        var kind = (RecordKind)(1 + (step % 5));
                        var payload = SegmentFrames.Payload(step, step * 3 % 70);
                        model[await store.AppendAsync(kind, payload)] = (kind, payload);
                        break;
                    case 6:
                        var burst = Enumerable.Range(0, 1 + (step % 7)).Select(async i =>
                        {
                            var bytes = SegmentFrames.Payload(i, 10 + i);
                            return (Sequence: await store.AppendAsync(RecordKind.AppEvent, bytes), Bytes: bytes);
                        }).ToList();
                        foreach (var (sequence, bytes) in await Task.WhenAll(burst))
                        {
                            model[sequence] = (RecordKind.AppEvent, bytes);
                        }

                        break;
                    case 7:
                        var covers = store.LastSequence;
                        var state = ModelState(model, covers);
                        var info = await store.WriteSnapshotAsync(covers, (stream, ct) => stream.WriteAsync(state, ct).AsTask());
                        if (info.CoversThroughSequence == covers && info.ReferenceSequence > covers)
                        {
                            model[info.ReferenceSequence] = (RecordKind.SnapshotReference, []);
                        }

                        break;
                    case 8:
                        var truncated = await store.TruncateAsync();
                        if (truncated.TruncateSequence > 0)
                        {
                            model[truncated.TruncateSequence] = (RecordKind.Truncate, []);
                        }

                        break;
                    default:
                        await store.DisposeAsync();
                        store = FileProcessStore.Open(Directory, options);
                        Check(store.Recovery, model);
                        break;
                }
            }
        }
        finally
        {
            await store.DisposeAsync();
        }

        await using var final = FileProcessStore.Open(Directory, options);
        Check(final.Recovery, model);
        Assert.True(StoreTools.Verify(Directory, options).IsClean);
    }

    private static byte[] ModelState(SortedDictionary<long, (RecordKind Kind, byte[] Payload)> model, long covers) =>
        [.. model.Where(r => r.Key <= covers).SelectMany(r => BitConverter.GetBytes(r.Key).Concat(r.Value.Payload))];

    private static void Check(RecoveryResult recovery, SortedDictionary<long, (RecordKind Kind, byte[] Payload)> model)
    {
        Assert.Equal(model.Count == 0 ? 0 : model.Keys.Max(), recovery.LastSequence);
        Assert.Null(recovery.TailRepair);
        if (recovery.Snapshot is { } snapshot)
        {
            Assert.Equal(ModelState(model, snapshot.CoversThroughSequence), snapshot.ReadAllState());
        }

        var replayed = recovery.ReadRecords().Select(r => (r.Sequence, r.Kind, Payload: r.Payload.ToArray())).ToList();
        var expected = model.Where(r => r.Key >= recovery.FirstReplaySequence).ToList();
        Assert.Equal(expected.Count, replayed.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Key, replayed[i].Sequence);
            Assert.Equal(expected[i].Value.Kind, replayed[i].Kind);
            if (expected[i].Value.Kind is not (RecordKind.SnapshotReference or RecordKind.Truncate))
            {
                Assert.Equal(expected[i].Value.Payload, replayed[i].Payload);
            }
        }
    }
}

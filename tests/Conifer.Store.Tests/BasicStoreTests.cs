using System.Text;

namespace Conifer.Store.Tests;

public sealed class BasicStoreTests
{
    [Fact]
    public async Task Appended_records_come_back_in_order_after_reopen()
    {
        using var temp = new TempStore();
        await using (var store = FileProcessStore.Open(temp.Directory))
        {
            Assert.Equal(0, store.Recovery.LastSequence);
            for (var i = 1; i <= 10; i++)
            {
                Assert.Equal(i, await store.AppendAsync(RecordKind.AppEvent, Encoding.UTF8.GetBytes($"event {i}")));
            }
        }

        await using var reopened = FileProcessStore.Open(temp.Directory);
        var records = reopened.Recovery.ReadRecords().ToList();
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.Equal("event 7", Encoding.UTF8.GetString(records[6].Payload.Span));
        Assert.Null(reopened.Recovery.TailRepair);
        Assert.Equal(11, await reopened.AppendAsync(RecordKind.SetState, new byte[] { 1 }));
    }

    [Fact]
    public async Task Many_concurrent_writers_get_distinct_contiguous_sequences_and_their_own_payloads()
    {
        var fileSystem = new Faults.MemoryFileSystem();
        var options = new StoreOptions { FileSystem = fileSystem, SegmentBytes = 8192, MaxBatchRecords = 16 };
        var written = new System.Collections.Concurrent.ConcurrentDictionary<long, string>();
        await using (var store = FileProcessStore.Open("/mem/store", options))
        {
            await Task.WhenAll(Enumerable.Range(0, 64).Select(w => Task.Run(async () =>
            {
                for (var i = 0; i < 50; i++)
                {
                    var payload = $"writer {w} record {i}";
                    Assert.True(written.TryAdd(await store.AppendAsync(RecordKind.AppEvent, Encoding.UTF8.GetBytes(payload)), payload));
                }
            })));
            Assert.Equal(3200, store.DurableSequence);
        }

        Assert.Equal(Enumerable.Range(1, 3200).Select(i => (long)i), written.Keys.Order());
        await using var reopened = FileProcessStore.Open("/mem/store", options);
        Assert.All(reopened.Recovery.ReadRecords(), r => Assert.Equal(written[r.Sequence], Encoding.UTF8.GetString(r.Payload.Span)));
        Assert.Equal(3200, reopened.Recovery.ReadRecords().Count());
    }
}

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
}

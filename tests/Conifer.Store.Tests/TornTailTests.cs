using Conifer.Store.Tools;

namespace Conifer.Store.Tests;

public sealed class TornTailTests
{
    [Fact]
    public async Task A_tail_torn_at_every_length_inside_the_last_record_is_cut_and_reported()
    {
        using var temp = new TempStore();
        var segment = await SegmentFrames.WriteStoreAsync(temp.Directory, 5);
        var intact = await File.ReadAllBytesAsync(segment);
        var (start, end) = SegmentFrames.Of(intact)[^1];
        for (var length = start + 1; length < end; length++)
        {
            await File.WriteAllBytesAsync(segment, intact[..(int)length]);
            await using (var store = FileProcessStore.Open(temp.Directory))
            {
                var repair = store.Recovery.TailRepair;
                Assert.NotNull(repair);
                Assert.True(repair.Applied);
                Assert.Equal(start, repair.Offset);
                Assert.Equal(length - start, repair.BytesCut);
                Assert.Equal(4, repair.LastValidSequence);
                Assert.Equal(Path.GetFileName(segment), repair.File);
                Assert.Equal([1L, 2, 3, 4], store.Recovery.ReadRecords().Select(r => r.Sequence));
                Assert.Equal(start, new FileInfo(segment).Length);
            }

            Assert.True(StoreTools.Verify(temp.Directory).IsClean);
        }
    }

    [Fact]
    public async Task The_cut_tail_is_overwritten_by_the_next_append()
    {
        using var temp = new TempStore();
        var segment = await SegmentFrames.WriteStoreAsync(temp.Directory, 3);
        var intact = await File.ReadAllBytesAsync(segment);
        await File.WriteAllBytesAsync(segment, intact[..^7]);
        await using (var store = FileProcessStore.Open(temp.Directory))
        {
            Assert.Equal(3, await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(99)));
        }

        await using var reopened = FileProcessStore.Open(temp.Directory);
        Assert.Null(reopened.Recovery.TailRepair);
        var records = reopened.Recovery.ReadRecords().ToList();
        Assert.Equal([1L, 2, 3], records.Select(r => r.Sequence));
        Assert.Equal(SegmentFrames.Payload(99), records[2].Payload.ToArray());
    }

    [Fact]
    public async Task A_read_only_open_reports_a_torn_tail_without_cutting_it()
    {
        using var temp = new TempStore();
        var segment = await SegmentFrames.WriteStoreAsync(temp.Directory, 3);
        var torn = (await File.ReadAllBytesAsync(segment))[..^10];
        await File.WriteAllBytesAsync(segment, torn);

        var recovery = FileProcessStore.OpenReadOnly(temp.Directory);

        Assert.NotNull(recovery.TailRepair);
        Assert.False(recovery.TailRepair.Applied);
        Assert.Equal(2, recovery.LastSequence);
        Assert.Equal([1L, 2], recovery.ReadRecords().Select(r => r.Sequence));
        Assert.Equal(torn.Length, new FileInfo(segment).Length);
    }

    [Fact]
    public async Task A_last_segment_with_a_torn_header_is_dropped_and_reported()
    {
        using var temp = new TempStore();
        await SegmentFrames.WriteStoreAsync(temp.Directory, 3);
        var unfinished = temp.PathOf("log-00000000000000000004.seg");
        await File.WriteAllBytesAsync(unfinished, new byte[20]);

        await using (var store = FileProcessStore.Open(temp.Directory))
        {
            Assert.Equal("log-00000000000000000004.seg", store.Recovery.TailRepair!.File);
            Assert.Equal(20, store.Recovery.TailRepair.BytesCut);
            Assert.Equal(3, store.Recovery.LastSequence);
            Assert.False(File.Exists(unfinished));
            Assert.Equal(4, await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(4)));
        }

        await using var reopened = FileProcessStore.Open(temp.Directory);
        Assert.Equal(4, reopened.Recovery.LastSequence);
    }

    [Fact]
    public async Task A_torn_header_before_the_last_segment_is_corruption()
    {
        using var temp = new TempStore();
        var options = new StoreOptions { SegmentBytes = 300 };
        await using (var store = FileProcessStore.Open(temp.Directory, options))
        {
            for (var i = 0; i < 10; i++)
            {
                await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(i));
            }
        }

        var segments = temp.Segments();
        var bytes = await File.ReadAllBytesAsync(segments[1]);
        bytes[20] ^= 0x01;
        await File.WriteAllBytesAsync(segments[1], bytes);

        var e = Assert.Throws<Exceptions.StoreCorruptException>(() => FileProcessStore.Open(temp.Directory, options));
        Assert.Equal(Path.GetFileName(segments[1]), e.File);
        Assert.Equal(0, e.Offset);
    }
}

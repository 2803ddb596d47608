using Conifer.Store.Exceptions;
using Conifer.Store.Tools;

namespace Conifer.Store.Tests;

public sealed class CorruptionTests
{
    [Fact]
    public async Task A_flipped_bit_in_any_byte_of_the_last_three_records_is_detected_and_never_replayed()
    {
        using var temp = new TempStore();
        var segment = await SegmentFrames.WriteStoreAsync(temp.Directory, 8, payloadBytes: 40);
        var intact = await File.ReadAllBytesAsync(segment);
        var frames = SegmentFrames.Of(intact);
        for (var record = frames.Count - 3; record < frames.Count; record++)
        {
            var sequence = record + 1L;
            var (start, end) = frames[record];
            for (var offset = start; offset < end; offset++)
            {
                var damaged = (byte[])intact.Clone();
                damaged[offset] ^= (byte)(1 << (int)(offset % 8));
                await File.WriteAllBytesAsync(segment, damaged);
                try
                {
                    var recovery = FileProcessStore.OpenReadOnly(temp.Directory);
                    // Only damage in the very last batch may be taken for a torn write and cut.
                    Assert.Equal(frames.Count, sequence);
                    Assert.Equal(sequence - 1, recovery.LastSequence);
                    Assert.Equal(start, recovery.TailRepair!.Offset);
                    Assert.DoesNotContain(recovery.ReadRecords(), r => r.Sequence >= sequence);
                }
                catch (StoreCorruptException e)
                {
                    Assert.NotEqual(frames.Count, sequence);
                    Assert.Equal(Path.GetFileName(segment), e.File);
                    Assert.Equal(start, e.Offset);
                    Assert.Equal(sequence, e.RecordSequence);
                }
            }
        }
    }

    [Fact]
    public async Task A_zeroed_page_in_the_middle_stops_the_open_naming_file_offset_and_record()
    {
        using var temp = new TempStore();
        var segment = await SegmentFrames.WriteStoreAsync(temp.Directory, 150);
        var bytes = await File.ReadAllBytesAsync(segment);
        var frames = SegmentFrames.Of(bytes);
        Array.Clear(bytes, 8192, 4096);
        await File.WriteAllBytesAsync(segment, bytes);

        var e = Assert.Throws<StoreCorruptException>(() => FileProcessStore.Open(temp.Directory));

        var firstDamaged = frames.FindIndex(f => f.End > 8192);
        Assert.Equal(Path.GetFileName(segment), e.File);
        Assert.Equal(frames[firstDamaged].Start, e.Offset);
        Assert.Equal(firstDamaged + 1, e.RecordSequence);
        Assert.Contains("later batch", e.Message, StringComparison.Ordinal);

        var report = StoreTools.Verify(temp.Directory);
        Assert.Contains(report.Problems, p => p.Offset == e.Offset && p.File == e.File);
        Assert.Contains(report.Problems, p => p.Description.Contains("resume", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_checksum_before_the_tail_names_expected_and_actual_checksums()
    {
        using var temp = new TempStore();
        var segment = await SegmentFrames.WriteStoreAsync(temp.Directory, 5);
        var bytes = await File.ReadAllBytesAsync(segment);
        var (start, _) = SegmentFrames.Of(bytes)[1];
        bytes[start + 30] ^= 0xFF;
        await File.WriteAllBytesAsync(segment, bytes);

        var e = Assert.Throws<StoreCorruptException>(() => FileProcessStore.Open(temp.Directory));

        Assert.Equal(2, e.RecordSequence);
        Assert.NotNull(e.ExpectedChecksum);
        Assert.NotNull(e.ActualChecksum);
        Assert.NotEqual(e.ExpectedChecksum, e.ActualChecksum);
    }

    [Fact]
    public async Task A_missing_middle_segment_stops_the_open()
    {
        using var temp = new TempStore();
        var options = new StoreOptions { SegmentBytes = 300 };
        await using (var store = FileProcessStore.Open(temp.Directory, options))
        {
            for (var i = 0; i < 20; i++)
            {
                await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(i));
            }
        }

        var segments = temp.Segments();
        Assert.True(segments.Length >= 3);
        File.Delete(segments[1]);

        var e = Assert.Throws<StoreCorruptException>(() => FileProcessStore.Open(temp.Directory, options));
        Assert.Contains("missing", e.Message, StringComparison.Ordinal);
    }
}

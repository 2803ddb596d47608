using System.Buffers.Binary;
using System.Text;
using Conifer.Store.Tools;

namespace Conifer.Store.Tests;

/// <summary>What <c>store verify</c> must find beyond checksums: named blobs, the log's start and end, headers, leftovers, a torn tail apart from damage.</summary>
public sealed class VerifyTests
{
    [Fact]
    public async Task A_blob_a_record_names_but_the_store_lacks_is_damage()
    {
        using var temp = new TempStore();
        await using (var store = FileProcessStore.Open(temp.Directory))
        {
            var kept = await store.PutBlobAsync("kept"u8.ToArray());
            var deleted = await store.PutBlobAsync("deleted"u8.ToArray());
            await store.AppendAsync(RecordKind.DeployAndInit, Names(kept.Hex, deleted.Hex));
            await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(2));
            File.Delete(Path.Combine(temp.Directory, "blobs", deleted.Hex));

            var report = StoreTools.Verify(temp.Directory, blobReferences: new NamesInPayload());

            var problem = Assert.Single(report.Problems);
            Assert.Equal(Path.Combine("blobs", deleted.Hex), problem.File);
            Assert.Contains("DeployAndInit record 1", problem.Description, StringComparison.Ordinal);
            Assert.Equal(2, report.BlobReferencesChecked);
            Assert.True(StoreTools.Verify(temp.Directory).IsClean, "without the runtime's reader verify cannot know which blobs are named");
        }
    }

    [Fact]
    public async Task A_deleted_oldest_segment_without_a_truncate_record_is_damage_and_with_one_is_sound()
    {
        using var truncated = new TempStore();
        using var deleted = new TempStore();
        foreach (var temp in new[] { truncated, deleted })
        {
            var options = new StoreOptions { SegmentBytes = 300 };
            await using var store = FileProcessStore.Open(temp.Directory, options);
            for (var i = 1; i <= 12; i++)
            {
                await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(i));
            }

            await store.WriteSnapshotAsync(10, (s, ct) => s.WriteAsync("state"u8.ToArray(), ct).AsTask());
            if (temp == truncated)
            {
                await store.TruncateAsync();
            }
            else
            {
                File.Delete(temp.Segments()[0]);
            }
        }

        Assert.True(StoreTools.Verify(truncated.Directory).IsClean);
        var problem = Assert.Single(StoreTools.Verify(deleted.Directory).Problems);
        Assert.Contains("no truncate record", problem.Description, StringComparison.Ordinal);
        Assert.Equal(Path.GetFileName(deleted.Segments()[0]), problem.File);
    }

    [Fact]
    public async Task A_torn_tail_is_reported_apart_from_damage_and_a_flipped_byte_before_it_is_damage()
    {
        using var temp = new TempStore();
        var segment = await SegmentFrames.WriteStoreAsync(temp.Directory, 5);
        var intact = await File.ReadAllBytesAsync(segment);
        await File.WriteAllBytesAsync(segment, intact[..^10]);

        var torn = StoreTools.Verify(temp.Directory);
        Assert.True(torn.IsClean);
        Assert.NotNull(torn.TornTail);
        Assert.Equal(SegmentFrames.Of(intact)[^1].Start, torn.TornTail.Offset);
        Assert.Equal(4, torn.TornTail.LastValidSequence);
        Assert.Equal(1, torn.TornTail.RecordsCut);

        var flipped = intact.ToArray();
        flipped[SegmentFrames.Of(intact)[1].Start + 30] ^= 0x40;
        await File.WriteAllBytesAsync(segment, flipped);
        var damaged = StoreTools.Verify(temp.Directory);
        Assert.False(damaged.IsClean);
        Assert.Null(damaged.TornTail);
        Assert.Contains(damaged.Problems, p => p.RecordSequence == 2 && p.Description.Contains("checksum", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_log_that_ends_before_the_high_water_mark_is_damage_not_a_torn_tail()
    {
        using var temp = new TempStore();
        await using (var store = FileProcessStore.Open(temp.Directory))
        {
            for (var i = 1; i <= 5; i++)
            {
                await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(i));
            }
        }

        var segment = temp.Segments()[0];
        var intact = await File.ReadAllBytesAsync(segment);
        await File.WriteAllBytesAsync(segment, intact[..(int)SegmentFrames.Of(intact)[2].End]);

        var report = StoreTools.Verify(temp.Directory);

        var problem = Assert.Single(report.Problems);
        Assert.Contains("2 acknowledged record(s) are lost", problem.Description, StringComparison.Ordinal);
        Assert.Null(report.TornTail);
    }

    [Fact]
    public async Task Segment_header_fields_and_a_newer_format_version_are_checked()
    {
        using var temp = new TempStore();
        var segment = await SegmentFrames.WriteStoreAsync(temp.Directory, 3);
        var intact = await File.ReadAllBytesAsync(segment);

        var badSize = WithHeaderField(intact, 12, 128);
        await File.WriteAllBytesAsync(segment, badSize);
        Assert.Contains(StoreTools.Verify(temp.Directory).Problems, p => p.Offset == 0 && p.Description.Contains("size field is 128", StringComparison.Ordinal));

        var newer = WithHeaderField(intact, 8, 2);
        await File.WriteAllBytesAsync(segment, newer);
        Assert.Contains(StoreTools.Verify(temp.Directory).Problems, p => p.Offset == 8 && p.Description.Contains("format version 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Leftover_temp_files_and_unreferenced_snapshots_are_listed_but_are_not_damage()
    {
        using var temp = new TempStore();
        await SegmentFrames.WriteStoreAsync(temp.Directory, 3);
        await File.WriteAllBytesAsync(temp.PathOf("snap-00000000000000000002.snap.tmp"), [1, 2, 3]);
        await File.WriteAllBytesAsync(temp.PathOf("snap-00000000000000000002.snap"), [1, 2, 3]);
        await File.WriteAllBytesAsync(Path.Combine(temp.Directory, "blobs", "ab.1.tmp"), [1]);

        var report = StoreTools.Verify(temp.Directory);

        Assert.True(report.IsClean);
        Assert.Equal(3, report.Leftovers.Count);
        Assert.Contains(report.Leftovers, l => l.StartsWith("snap-00000000000000000002.snap:", StringComparison.Ordinal) && l.Contains("no retained record references", StringComparison.Ordinal));
        Assert.Contains(report.Leftovers, l => l.StartsWith("snap-00000000000000000002.snap.tmp:", StringComparison.Ordinal));
    }

    private static byte[] WithHeaderField(byte[] segment, int offset, uint value)
    {
        var bytes = segment.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), value);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(56), System.IO.Hashing.XxHash3.HashToUInt64(bytes.AsSpan(0, 56)));
        return bytes;
    }

    private static byte[] Names(params string[] blobs) => Encoding.ASCII.GetBytes(string.Join(",", blobs));

    /// <summary>Stands in for the runtime: a deploy record's payload here is a comma-separated list of blob ids.</summary>
    private sealed class NamesInPayload : IBlobReferences
    {
        public IEnumerable<string> InRecord(RecordKind kind, long sequence, ReadOnlyMemory<byte> payload) =>
            kind == RecordKind.DeployAndInit ? Encoding.ASCII.GetString(payload.Span).Split(',') : [];

        public IEnumerable<string> InSnapshot(long coversThrough, Stream state) => [];
    }
}

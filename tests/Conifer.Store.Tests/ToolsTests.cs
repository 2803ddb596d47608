using Conifer.Store.Exceptions;
using Conifer.Store.Tools;

namespace Conifer.Store.Tests;

public sealed class ToolsTests
{
    [Fact]
    public async Task A_copy_of_a_live_store_opens_with_a_prefix_of_its_records_while_appends_continue()
    {
        using var source = new TempStore();
        using var target = new TempStore();
        var destination = Path.Combine(target.Directory, "copy");
        var options = new StoreOptions { SegmentBytes = 2000 };
        await using var store = FileProcessStore.Open(source.Directory, options);
        for (var i = 0; i < 30; i++)
        {
            await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(i));
        }

        await store.WriteSnapshotAsync(20, (s, ct) => s.WriteAsync("state at 20"u8.ToArray(), ct).AsTask());
        var blob = await store.PutBlobAsync("source tree"u8.ToArray());
        var progress = new List<StoreProgress>();
        using var stop = new CancellationTokenSource();
        var appender = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(1));
            }
        });

        await store.CopyToAsync(destination, new SynchronousProgress(progress));
        await stop.CancelAsync();
        await appender;

        Assert.True(StoreTools.Verify(destination).IsClean);
        await using var copy = FileProcessStore.Open(destination, options);
        Assert.Null(copy.Recovery.TailRepair);
        Assert.Equal("state at 20"u8.ToArray(), copy.Recovery.Snapshot!.ReadAllState());
        Assert.InRange(copy.Recovery.LastSequence, 31, store.LastSequence);
        Assert.Equal("source tree"u8.ToArray(), (await copy.TryGetBlobAsync(blob))!.Value.ToArray());
        Assert.NotEmpty(progress);
        Assert.Equal(progress[^1].BytesTotal, progress[^1].BytesDone);
    }

    [Fact]
    public async Task Verify_reports_every_damaged_place_with_file_offset_and_record()
    {
        using var temp = new TempStore();
        var options = new StoreOptions { SegmentBytes = 1000 };
        await using (var store = FileProcessStore.Open(temp.Directory, options))
        {
            for (var i = 0; i < 30; i++)
            {
                await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(i));
            }

            await store.PutBlobAsync("blob"u8.ToArray());
        }

        Assert.True(StoreTools.Verify(temp.Directory, options).IsClean);
        var segments = temp.Segments();
        var first = await File.ReadAllBytesAsync(segments[0]);
        var second = await File.ReadAllBytesAsync(segments[1]);
        var damagedFirst = SegmentFrames.Of(first)[2];
        var damagedSecond = SegmentFrames.Of(second)[1];
        first[damagedFirst.Start + 40] ^= 1;
        second[damagedSecond.Start + 50] ^= 1;
        await File.WriteAllBytesAsync(segments[0], first);
        await File.WriteAllBytesAsync(segments[1], second);
        var blobFile = Directory.GetFiles(temp.PathOf("blobs")).Single();
        await File.WriteAllTextAsync(blobFile, "tampered");

        var progress = new List<StoreProgress>();
        var report = StoreTools.Verify(temp.Directory, options, new SynchronousProgress(progress));

        Assert.False(report.IsClean);
        Assert.Contains(report.Problems, p => p.File == Path.GetFileName(segments[0]) && p.Offset == damagedFirst.Start && p.RecordSequence == 3);
        Assert.Contains(report.Problems, p => p.File == Path.GetFileName(segments[1]) && p.Offset == damagedSecond.Start);
        Assert.Contains(report.Problems, p => p.File.StartsWith("blobs", StringComparison.Ordinal));
        Assert.All(progress, p => Assert.Equal(StorePhase.Verifying, p.Phase));
        Assert.Equal(progress[^1].BytesTotal, progress[^1].BytesDone);
    }

    [Fact]
    public async Task Opening_a_big_log_reports_progress_up_to_the_total()
    {
        using var temp = new TempStore();
        var options = new StoreOptions { SegmentBytes = 4000, MaxBatchBytes = 2000 };
        await using (var store = FileProcessStore.Open(temp.Directory, options))
        {
            await Task.WhenAll(Enumerable.Range(0, 300).Select(i => store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(i)).AsTask()));
        }

        var progress = new List<StoreProgress>();
        await using var reopened = FileProcessStore.Open(temp.Directory, options, new SynchronousProgress(progress));

        var scanning = progress.Where(p => p.Phase == StorePhase.ScanningLog).ToList();
        Assert.True(scanning.Count > 1);
        Assert.Equal(300, scanning[^1].RecordsDone);
        Assert.Equal(scanning[^1].BytesTotal, scanning[^1].BytesDone);
    }

    [Fact]
    public async Task Blobs_are_stored_once_per_hash_and_checked_when_read()
    {
        using var temp = new TempStore();
        await using var store = FileProcessStore.Open(temp.Directory);

        var first = await store.PutBlobAsync("app v1"u8.ToArray());
        var again = await store.PutBlobAsync("app v1"u8.ToArray());
        var other = await store.PutBlobAsync("app v2"u8.ToArray());

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(2, Directory.GetFiles(temp.PathOf("blobs")).Length);
        Assert.Equal("app v1"u8.ToArray(), (await store.TryGetBlobAsync(first))!.Value.ToArray());
        Assert.Null(await store.TryGetBlobAsync(BlobId.Of("never stored"u8)));
        Assert.True(BlobId.TryParse(first.Hex, out var parsed) && parsed == first);

        await File.WriteAllTextAsync(temp.PathOf(Path.Combine("blobs", other.Hex)), "tampered");
        var e = await Assert.ThrowsAsync<StoreCorruptException>(() => store.TryGetBlobAsync(other));
        Assert.Contains(other.Hex, e.File, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncate_drops_segments_and_snapshots_before_the_newest_snapshot_and_is_logged()
    {
        using var temp = new TempStore();
        var options = new StoreOptions { SegmentBytes = 500 };
        TruncateResult result;
        await using (var store = FileProcessStore.Open(temp.Directory, options))
        {
            Assert.Null((await store.TruncateAsync()).KeptFromSnapshot);
            for (var i = 0; i < 20; i++)
            {
                await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(i));
            }

            await store.WriteSnapshotAsync(10, (s, ct) => s.WriteAsync("at 10"u8.ToArray(), ct).AsTask());
            await store.WriteSnapshotAsync(20, (s, ct) => s.WriteAsync("at 20"u8.ToArray(), ct).AsTask());
            var segmentsBefore = temp.Segments().Length;
            result = await store.TruncateAsync();
            Assert.Equal(segmentsBefore - result.SegmentsDeleted, temp.Segments().Length);
            await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(99));
        }

        Assert.True(result.SegmentsDeleted > 0);
        Assert.Equal(1, result.SnapshotsDeleted);
        Assert.True(result.BytesFreed > 0);
        Assert.Equal(20, result.KeptFromSnapshot!.CoversThroughSequence);
        Assert.Single(Directory.GetFiles(temp.Directory, "*.snap"));

        await using var reopened = FileProcessStore.Open(temp.Directory, options);
        var recovery = reopened.Recovery;
        Assert.True(recovery.FirstRetainedSequence > 1);
        Assert.Equal("at 20"u8.ToArray(), recovery.Snapshot!.ReadAllState());
        Assert.Contains(recovery.ReadRecords(), r => r.Kind == RecordKind.Truncate && r.Sequence == result.TruncateSequence);
        Assert.True(StoreTools.Verify(temp.Directory, options).IsClean);
    }

    [Fact]
    public async Task A_store_no_server_holds_is_copied_by_the_offline_tool()
    {
        using var source = new TempStore();
        using var target = new TempStore();
        var destination = Path.Combine(target.Directory, "backup");
        await SegmentFrames.WriteStoreAsync(source.Directory, 12);

        await StoreTools.CopyAsync(source.Directory, destination);

        var copy = FileProcessStore.OpenReadOnly(destination);
        Assert.Equal(12, copy.LastSequence);
        Assert.Equal(SegmentFrames.Payload(7), copy.ReadRecords().Single(r => r.Sequence == 7).Payload.ToArray());
        await Assert.ThrowsAsync<IOException>(() => StoreTools.CopyAsync(source.Directory, destination));
    }

    [Fact]
    public async Task A_read_only_open_of_a_live_store_sees_a_consistent_prefix()
    {
        using var temp = new TempStore();
        await using var store = FileProcessStore.Open(temp.Directory);
        using var stop = new CancellationTokenSource();
        var appender = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(store.LastSequence + 1));
            }
        });
        await Task.Delay(50);

        for (var i = 0; i < 5; i++)
        {
            var recovery = FileProcessStore.OpenReadOnly(temp.Directory);
            var sequences = recovery.ReadRecords().Select(r => r.Sequence).ToList();
            Assert.Equal(Enumerable.Range(1, sequences.Count).Select(n => (long)n), sequences);
            Assert.Equal(recovery.LastSequence, sequences.Count);
        }

        await stop.CancelAsync();
        await appender;
    }

    private sealed class SynchronousProgress(List<StoreProgress> reports) : IProgress<StoreProgress>
    {
        public void Report(StoreProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}

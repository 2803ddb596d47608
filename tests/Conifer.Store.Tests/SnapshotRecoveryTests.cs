using Conifer.Store.Exceptions;

namespace Conifer.Store.Tests;

public sealed class SnapshotRecoveryTests
{
    public enum Damage
    {
        FlippedStateByte,
        CutShort,
        Deleted,
        Emptied,
    }

    [Theory]
    [InlineData(Damage.FlippedStateByte)]
    [InlineData(Damage.CutShort)]
    [InlineData(Damage.Deleted)]
    [InlineData(Damage.Emptied)]
    public async Task A_damaged_newest_snapshot_falls_back_to_the_previous_one_and_a_longer_replay(Damage damage)
    {
        using var temp = new TempStore();
        SnapshotInfo first;
        SnapshotInfo second;
        await using (var store = FileProcessStore.Open(temp.Directory))
        {
            await AppendAsync(store, 5);
            first = await store.WriteSnapshotAsync(5, StateWriter("state at 5"));
            await AppendAsync(store, 5);
            second = await store.WriteSnapshotAsync(store.LastSequence, StateWriter("state at 11"));
            await AppendAsync(store, 2);
        }

        var path = temp.PathOf($"snap-{second.CoversThroughSequence:D20}.snap");
        var bytes = await File.ReadAllBytesAsync(path);
        switch (damage)
        {
            case Damage.FlippedStateByte:
                bytes[40] ^= 0x10;
                await File.WriteAllBytesAsync(path, bytes);
                break;
            case Damage.CutShort:
                await File.WriteAllBytesAsync(path, bytes[..^5]);
                break;
            case Damage.Deleted:
                File.Delete(path);
                break;
            case Damage.Emptied:
                await File.WriteAllBytesAsync(path, []);
                break;
            default:
                throw new InvalidOperationException($"unhandled damage {damage}");
        }

        await using var reopened = FileProcessStore.Open(temp.Directory);
        var recovery = reopened.Recovery;
        Assert.Equal(first.CoversThroughSequence, recovery.Snapshot!.CoversThroughSequence);
        Assert.Equal("state at 5"u8.ToArray(), recovery.Snapshot.ReadAllState());
        Assert.Contains(recovery.SkippedSnapshots, s => s.Contains(Path.GetFileName(path), StringComparison.Ordinal));
        var repair = Assert.Single(recovery.Repairs);
        Assert.Equal(Repairs.StoreRepairKind.SnapshotSkipped, repair.Kind);
        Assert.Equal(Path.GetFileName(path), repair.File);
        Assert.Equal(repair, Assert.Single(Repairs.RepairJournal.Read(temp.Directory)));
        Assert.Equal(6, recovery.FirstReplaySequence);
        Assert.Equal(Enumerable.Range(6, (int)(recovery.LastSequence - 5)).Select(i => (long)i), recovery.ReadRecords().Select(r => r.Sequence));
    }

    [Fact]
    public async Task With_no_usable_snapshot_and_truncated_history_the_open_fails()
    {
        using var temp = new TempStore();
        var options = new StoreOptions { SegmentBytes = 300 };
        SnapshotInfo snapshot;
        await using (var store = FileProcessStore.Open(temp.Directory, options))
        {
            await AppendAsync(store, 10);
            snapshot = await store.WriteSnapshotAsync(10, StateWriter("state"));
            await AppendAsync(store, 2);
            var truncated = await store.TruncateAsync();
            Assert.True(truncated.SegmentsDeleted > 0);
        }

        File.Delete(temp.PathOf($"snap-{snapshot.CoversThroughSequence:D20}.snap"));

        var e = Assert.Throws<StoreCorruptException>(() => FileProcessStore.Open(temp.Directory, options));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_snapshot_comes_back_with_its_bytes_and_the_records_after_it()
    {
        using var temp = new TempStore();
        var state = new byte[3_000_000];
        new Random(7).NextBytes(state);
        await using (var store = FileProcessStore.Open(temp.Directory))
        {
            await AppendAsync(store, 3);
            var info = await store.WriteSnapshotAsync(3, (stream, ct) => stream.WriteAsync(state, ct).AsTask());
            Assert.Equal(3, info.CoversThroughSequence);
            Assert.Equal(4, info.ReferenceSequence);
            Assert.Equal(state.Length, info.Length);
            await AppendAsync(store, 2);
        }

        await using var reopened = FileProcessStore.Open(temp.Directory);
        Assert.Equal(state, reopened.Recovery.Snapshot!.ReadAllState());
        Assert.Equal(
            [(4L, RecordKind.SnapshotReference), (5, RecordKind.AppEvent), (6, RecordKind.AppEvent)],
            reopened.Recovery.ReadRecords().Select(r => (r.Sequence, r.Kind)));
        Assert.Equal(3, reopened.LatestSnapshot!.CoversThroughSequence);
    }

    [Fact]
    public async Task Appends_continue_while_a_snapshot_is_being_written()
    {
        using var temp = new TempStore();
        await using var store = FileProcessStore.Open(temp.Directory);
        await AppendAsync(store, 2);
        var writing = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var snapshot = store.WriteSnapshotAsync(2, async (stream, ct) =>
        {
            await stream.WriteAsync("partial"u8.ToArray(), ct);
            writing.SetResult();
            await release.Task;
        });
        await writing.Task;

        var during = await store.AppendAsync(RecordKind.AppEvent, "during"u8.ToArray());

        Assert.Equal(3, during);
        Assert.False(snapshot.IsCompleted);
        release.SetResult();
        Assert.Equal(2, (await snapshot).CoversThroughSequence);
    }

    [Fact]
    public async Task A_snapshot_callback_that_throws_leaves_the_older_snapshot_in_place()
    {
        using var temp = new TempStore();
        await using (var store = FileProcessStore.Open(temp.Directory))
        {
            await AppendAsync(store, 2);
            await store.WriteSnapshotAsync(2, StateWriter("good"));
            await AppendAsync(store, 2);
            await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteSnapshotAsync(4, (_, _) => throw new InvalidOperationException("boom")));
            Assert.Equal(2, store.LatestSnapshot!.CoversThroughSequence);
            Assert.Equal(6, await store.AppendAsync(RecordKind.AppEvent, "still fine"u8.ToArray()));
        }

        Assert.Empty(Directory.GetFiles(temp.Directory, "*.tmp"));
        await using var reopened = FileProcessStore.Open(temp.Directory);
        Assert.Equal("good"u8.ToArray(), reopened.Recovery.Snapshot!.ReadAllState());
    }

    private static Func<Stream, CancellationToken, Task> StateWriter(string text) =>
        (stream, ct) => stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), ct).AsTask();

    private static async Task AppendAsync(FileProcessStore store, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(store.LastSequence + 1, 20));
        }
    }
}

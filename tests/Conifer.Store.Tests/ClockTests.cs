namespace Conifer.Store.Tests;

public sealed class ClockTests
{
    [Fact]
    public async Task File_times_jumping_back_do_not_change_which_snapshot_or_records_recovery_uses()
    {
        using var temp = new TempStore();
        var options = new StoreOptions { SegmentBytes = 300 };
        await using (var store = FileProcessStore.Open(temp.Directory, options))
        {
            for (var i = 0; i < 10; i++)
            {
                await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(i, 40));
            }

            await store.WriteSnapshotAsync(5, (s, ct) => s.WriteAsync("old"u8.ToArray(), ct).AsTask());
            await store.WriteSnapshotAsync(10, (s, ct) => s.WriteAsync("new"u8.ToArray(), ct).AsTask());
            await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(99, 40));
        }

        // A clock that jumped back: the newer files look years older than the older ones.
        var files = Directory.GetFiles(temp.Directory).Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < files.Count; i++)
        {
            var time = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(-100 * i);
            File.SetLastWriteTimeUtc(files[i], time);
            File.SetCreationTimeUtc(files[i], time);
        }

        await using var reopened = FileProcessStore.Open(temp.Directory, options);
        Assert.Equal("new"u8.ToArray(), reopened.Recovery.Snapshot!.ReadAllState());
        var sequences = reopened.Recovery.ReadRecords().Select(r => r.Sequence).ToList();
        Assert.Equal(Enumerable.Range(11, sequences.Count).Select(i => (long)i), sequences);
        Assert.True(temp.Segments().Length > 2);
    }
}

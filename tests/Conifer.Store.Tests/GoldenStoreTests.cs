using System.Text;
using Conifer.Store.Tools;

namespace Conifer.Store.Tests;

/// <summary>
/// Stores written by earlier builds, checked in under golden/ and only ever added to: every later version must open
/// them and find the same records. (Written by <c>Conifer.Store.CrashHelper golden DIR [full]</c>.)
/// </summary>
public sealed class GoldenStoreTests
{
    [Fact]
    public async Task The_format_1_store_with_a_truncate_reopens_with_its_snapshot_records_and_blob()
    {
        using var temp = CopyGolden("v1-basic");

        Assert.True(StoreTools.Verify(temp.Directory).IsClean);
        await using var store = FileProcessStore.Open(temp.Directory);
        var recovery = store.Recovery;

        Assert.Null(recovery.TailRepair);
        Assert.Equal(11, recovery.FirstRetainedSequence);
        Assert.Equal(12, recovery.Snapshot!.CoversThroughSequence);
        Assert.Equal("golden state at 12", Encoding.UTF8.GetString(recovery.Snapshot.ReadAllState()));
        var records = recovery.ReadRecords().ToList();
        Assert.Equal(
            [(13L, RecordKind.SnapshotReference), (14, RecordKind.SnapshotReference), (15, RecordKind.Truncate), (16, RecordKind.AppEvent), (17, RecordKind.AppEvent), (18, RecordKind.AppEvent), (19, RecordKind.AppEvent), (20, RecordKind.AppEvent)],
            records.Select(r => (r.Sequence, r.Kind)));
        Assert.All(records.Where(r => r.Kind == RecordKind.AppEvent), r => Assert.Equal($"golden record {r.Sequence}", Encoding.UTF8.GetString(r.Payload.Span)));
        var blob = await store.TryGetBlobAsync(BlobId.Of("golden app source"u8));
        Assert.Equal("golden app source"u8.ToArray(), blob!.Value.ToArray());
        Assert.Equal(21, await store.AppendAsync(RecordKind.AppEvent, "new"u8.ToArray()));
    }

    [Fact]
    public async Task The_format_1_store_with_full_history_replays_every_kind_from_the_first_record()
    {
        using var temp = CopyGolden("v1-full");

        var recovery = FileProcessStore.OpenReadOnly(temp.Directory);
        Assert.Equal(1, recovery.FirstRetainedSequence);
        Assert.Equal(12, recovery.Snapshot!.CoversThroughSequence);

        // Without the newest snapshot, the older one and a longer replay.
        File.Delete(temp.PathOf("snap-00000000000000000012.snap"));
        await using var store = FileProcessStore.Open(temp.Directory);
        Assert.Equal(6, store.Recovery.Snapshot!.CoversThroughSequence);
        Assert.Equal("golden state at 6", Encoding.UTF8.GetString(store.Recovery.Snapshot.ReadAllState()));
        RecordKind[] kinds = [RecordKind.AppEvent, RecordKind.DeployAndInit, RecordKind.AppEvent, RecordKind.SetState, RecordKind.ApplyAdminFunction, RecordKind.DeployAndMigrate];
        var records = store.Recovery.ReadRecords().ToList();
        Assert.Equal(Enumerable.Range(7, 13).Select(i => (long)i), records.Select(r => r.Sequence));
        foreach (var record in records.Where(r => r.Sequence <= 12))
        {
            Assert.Equal(kinds[(record.Sequence - 1) % kinds.Length], record.Kind);
            Assert.Equal($"golden record {record.Sequence}", Encoding.UTF8.GetString(record.Payload.Span));
        }
    }

    private static TempStore CopyGolden(string name)
    {
        var temp = new TempStore();
        var source = Path.Combine(AppContext.BaseDirectory, "golden", name);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(temp.Directory, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return temp;
    }
}

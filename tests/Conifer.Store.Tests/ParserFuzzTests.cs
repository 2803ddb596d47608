using Conifer.Store.Exceptions;
using Conifer.Store.Tests.Faults;
using FsCheck.Xunit;

namespace Conifer.Store.Tests;

/// <summary>The log and snapshot readers take arbitrary bytes without crashing: a result or the one specific exception.</summary>
public sealed class ParserFuzzTests
{
    private const string Directory = "/mem/store";
    private const string Segment = Directory + "/log-00000000000000000001.seg";

    [Property(MaxTest = 200)]
    public async Task Arbitrary_bytes_spliced_into_a_segment_never_crash_the_reader(byte[] junk, ushort position, bool overwrite)
    {
        var fileSystem = await StoreWithRecordsAsync();
        var bytes = fileSystem.ReadAllBytes(Segment).ToList();
        var at = position % (bytes.Count + 1);
        if (overwrite)
        {
            bytes.RemoveRange(at, Math.Min(junk.Length, bytes.Count - at));
        }

        bytes.InsertRange(at, junk);
        fileSystem.WriteAllBytes(Segment, [.. bytes]);

        ReadEverything(fileSystem);
    }

    [Property(MaxTest = 100)]
    public async Task Arbitrary_bytes_as_a_snapshot_file_are_skipped_never_trusted(byte[] junk)
    {
        var fileSystem = await StoreWithRecordsAsync();
        fileSystem.WriteAllBytes(Directory + "/snap-00000000000000000003.snap", junk);

        var recovery = FileProcessStore.OpenReadOnly(Directory, new StoreOptions { FileSystem = fileSystem });

        Assert.Null(recovery.Snapshot);
        Assert.Single(recovery.SkippedSnapshots);
        Assert.Equal(6, recovery.ReadRecords().Count());
    }

    private static void ReadEverything(MemoryFileSystem fileSystem)
    {
        try
        {
            var recovery = FileProcessStore.OpenReadOnly(Directory, new StoreOptions { FileSystem = fileSystem });
            var expected = recovery.FirstReplaySequence;
            foreach (var record in recovery.ReadRecords())
            {
                Assert.Equal(expected++, record.Sequence);
            }
        }
        catch (StoreCorruptException)
        {
            // Damage before the tail: the one expected refusal.
        }
    }

    private static async Task<MemoryFileSystem> StoreWithRecordsAsync()
    {
        var fileSystem = new MemoryFileSystem();
        await using var store = FileProcessStore.Open(Directory, new StoreOptions { FileSystem = fileSystem });
        for (var i = 0; i < 3; i++)
        {
            await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(i, 30));
        }

        await store.WriteSnapshotAsync(3, (s, ct) => s.WriteAsync("state"u8.ToArray(), ct).AsTask());
        for (var i = 0; i < 2; i++)
        {
            await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(i, 30));
        }

        return fileSystem;
    }
}

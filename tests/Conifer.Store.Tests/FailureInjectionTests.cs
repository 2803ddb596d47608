using Conifer.Store.Exceptions;
using Conifer.Store.Tests.Faults;
using Conifer.Store.Tools;

namespace Conifer.Store.Tests;

public sealed class FailureInjectionTests
{
    private const string Directory = "/mem/store";

    [Theory]
    [InlineData(FsOperation.Write, "No space left on device")]
    [InlineData(FsOperation.Write, "Input/output error")]
    [InlineData(FsOperation.Sync, "Input/output error")]
    [InlineData(FsOperation.Sync, "No space left on device")]
    public async Task A_failed_write_or_sync_stops_appends_reports_outcome_unknown_and_reopens_consistent(FsOperation failing, string error)
    {
        var fileSystem = new MemoryFileSystem();
        var options = new StoreOptions { FileSystem = fileSystem };
        var acknowledged = new List<long>();
        var store = FileProcessStore.Open(Directory, options);
        for (var i = 0; i < 5; i++)
        {
            acknowledged.Add(await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(i)));
        }

        var injected = false;
        fileSystem.Inject = (operation, _) =>
        {
            if (operation != failing || injected)
            {
                return null;
            }

            injected = true;
            return new IOException(error);
        };

        var unknown = await Assert.ThrowsAsync<AppendOutcomeUnknownException>(async () => await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(6)));
        Assert.Equal(6, unknown.FirstSequence);
        Assert.Contains(error, unknown.Message, StringComparison.Ordinal);
        Assert.True(store.IsFailed);

        // Never retried: later appends fail at once, even though the device would now take them.
        var later = await Assert.ThrowsAsync<StoreFailedException>(async () => await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(7)));
        Assert.IsNotType<AppendOutcomeUnknownException>(later);
        await Assert.ThrowsAsync<StoreFailedException>(() => store.WriteSnapshotAsync(1, (_, _) => Task.CompletedTask));
        await store.DisposeAsync();

        Assert.True(StoreTools.Verify(Directory, options).IsClean);
        await using var reopened = FileProcessStore.Open(Directory, options);
        var sequences = reopened.Recovery.ReadRecords().Select(r => r.Sequence).ToList();
        Assert.Equal(acknowledged, sequences.Take(5));
        Assert.InRange(sequences.Count, 5, 6);
        Assert.Equal(sequences.Count + 1, await reopened.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(8)));
    }

    [Fact]
    public async Task Concurrent_appends_in_a_failed_batch_all_report_outcome_unknown_or_failure_never_success()
    {
        var fileSystem = new MemoryFileSystem();
        var options = new StoreOptions { FileSystem = fileSystem };
        await using var store = FileProcessStore.Open(Directory, options);
        await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(1));
        fileSystem.Inject = (operation, _) => operation == FsOperation.Sync ? new IOException("Input/output error") : null;

        var appends = Enumerable.Range(0, 20).Select(i => store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(i)).AsTask()).ToList();
        foreach (var append in appends)
        {
            await Assert.ThrowsAnyAsync<StoreFailedException>(() => append);
        }

        Assert.Equal(1, store.DurableSequence);
    }

    [Fact]
    public async Task Records_taken_without_waiting_are_durable_after_one_wait_and_a_failed_batch_faults_the_wait()
    {
        var fileSystem = new MemoryFileSystem();
        var options = new StoreOptions { FileSystem = fileSystem };
        var store = FileProcessStore.Open(Directory, options);
        var taken = Enumerable.Range(0, 10).Select(i => store.Append(RecordKind.AppEvent, SegmentFrames.Payload(i))).ToList();

        await store.WaitDurableAsync(taken[^1]);

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), taken);
        Assert.True(store.DurableSequence >= 10);
        fileSystem.Inject = (operation, _) => operation == FsOperation.Sync ? new IOException("Input/output error") : null;
        var doomed = store.Append(RecordKind.AppEvent, SegmentFrames.Payload(11));
        await Assert.ThrowsAnyAsync<StoreFailedException>(() => store.WaitDurableAsync(doomed));
        Assert.Throws<StoreFailedException>(() => store.Append(RecordKind.AppEvent, SegmentFrames.Payload(12)));
        await store.DisposeAsync();

        await using var reopened = FileProcessStore.Open(Directory, new StoreOptions { FileSystem = fileSystem });
        Assert.Equal(taken, reopened.Recovery.ReadRecords().Select(r => r.Sequence).Take(10));
    }

    [Fact]
    public async Task A_snapshot_that_runs_out_of_space_fails_alone_and_the_log_goes_on()
    {
        var fileSystem = new MemoryFileSystem();
        var options = new StoreOptions { FileSystem = fileSystem };
        await using var store = FileProcessStore.Open(Directory, options);
        await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(1));
        fileSystem.Inject = (operation, path) => operation == FsOperation.Create && path.EndsWith(".tmp", StringComparison.Ordinal) ? new IOException("No space left on device") : null;

        await Assert.ThrowsAsync<IOException>(() => store.WriteSnapshotAsync(1, (s, ct) => s.WriteAsync(new byte[10], ct).AsTask()));

        Assert.False(store.IsFailed);
        Assert.Equal(2, await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(2)));
    }

    [Fact]
    public async Task A_failed_directory_sync_after_a_snapshot_rename_fails_the_store()
    {
        var fileSystem = new MemoryFileSystem();
        var options = new StoreOptions { FileSystem = fileSystem };
        await using var store = FileProcessStore.Open(Directory, options);
        await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(1));
        fileSystem.Inject = (operation, _) => operation == FsOperation.SyncDirectory ? new IOException("Input/output error") : null;

        await Assert.ThrowsAsync<StoreFailedException>(() => store.WriteSnapshotAsync(1, (s, ct) => s.WriteAsync(new byte[10], ct).AsTask()));

        Assert.True(store.IsFailed);
        await Assert.ThrowsAsync<StoreFailedException>(async () => await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(2)));
    }

    [Fact]
    public async Task A_blob_that_runs_out_of_space_leaves_no_temp_file_and_the_store_goes_on()
    {
        var fileSystem = new MemoryFileSystem();
        var options = new StoreOptions { FileSystem = fileSystem };
        await using var store = FileProcessStore.Open(Directory, options);
        await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(1));
        // Nothing else writes meanwhile: the blob's temp file takes the failed write.
        fileSystem.Inject = (operation, _) => operation == FsOperation.Write ? new IOException("No space left on device") : null;

        var e = await Assert.ThrowsAsync<BlobNotWrittenException>(() => store.PutBlobAsync(new byte[100]));

        Assert.Contains("No space left on device", e.Message, StringComparison.Ordinal);
        Assert.Empty(fileSystem.ListFiles(Path.Combine(Directory, "blobs")));
        Assert.False(store.IsFailed);
        fileSystem.Inject = null;
        Assert.Equal(2, await store.AppendAsync(RecordKind.AppEvent, SegmentFrames.Payload(2)));
        var blob = await store.PutBlobAsync(new byte[100]);
        Assert.Equal(new byte[100], (await store.TryGetBlobAsync(blob))!.Value.ToArray());
    }
}

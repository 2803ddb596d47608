using Conifer.Runtime.Deploy;
using Conifer.Runtime.Log;
using Conifer.Runtime.Reports;
using Conifer.Runtime.Tests.Support;
using Conifer.Runtime.Verification;
using Conifer.Runtime.Versions;
using Conifer.Runtime.Writer;
using Conifer.Store;

namespace Conifer.Runtime.Tests;

public class ReplayVerifierTests
{
    [Fact]
    public async Task A_real_run_replays_clean_against_every_snapshot_and_deploy_beside_the_running_process()
    {
        await using var harness = await RuntimeHarness.StartAsync(o => o with { SnapshotEveryRecords = 10 });
        for (var i = 0; i < 25; i++)
        {
            await harness.PostAsync("1");
        }
        Assert.Equal(DeployOutcome.Committed, (await harness.Process.DeployAsync(Apps.CounterAgain, DeployMode.Migrate, dryRun: false)).Outcome);
        await harness.Process.EvalAsync("state * 2", commit: true);
        for (var i = 0; i < 15; i++)
        {
            await harness.PostAsync("2");
        }
        await harness.RestartAsync(o => o with { SnapshotEveryRecords = 10 });

        var report = await ReplayVerifier.RunAsync(harness.Directory);

        Assert.Null(report.Divergence);
        Assert.Equal(0, report.StartSequence);
        Assert.Equal(harness.Process.LastSequence, report.LastSequence);
        Assert.Equal(report.LastSequence, report.RecordsReplayed);
        Assert.Equal(2, report.DeploysCompared);
        Assert.True(report.SnapshotsCompared >= 3, $"{report.SnapshotsCompared} snapshot(s) compared");
    }

    [Fact]
    public async Task A_truncated_store_replays_from_its_oldest_snapshot()
    {
        // Small segments, so that the truncate can drop whole ones and the log no longer begins at record 1.
        static RuntimeOptions Small(RuntimeOptions o) => o with { SnapshotEveryRecords = 10, StoreOptions = o.StoreOptions! with { SegmentBytes = 1024 } };
        await using var harness = await RuntimeHarness.StartAsync(Small);
        for (var i = 0; i < 25; i++)
        {
            await harness.PostAsync("1");
        }
        await harness.RestartAsync(Small);
        var truncated = await harness.Process.TruncateAsync();
        for (var i = 0; i < 25; i++)
        {
            await harness.PostAsync("1");
        }
        await harness.RestartAsync(Small);

        var report = await ReplayVerifier.RunAsync(harness.Directory);

        Assert.Null(report.Divergence);
        Assert.True(report.StartSequence > 0);
        Assert.Equal(truncated.KeptFromSnapshot!.CoversThroughSequence, report.StartSequence);
        Assert.True(report.SnapshotsCompared >= 1);
        Assert.Equal(report.LastSequence - report.StartSequence, report.RecordsReplayed);
    }

    [Fact]
    public async Task A_snapshot_of_a_state_the_log_does_not_imply_is_named_with_its_record_and_path()
    {
        string directory;
        long last;
        await using (var harness = await RuntimeHarness.StartAsync())
        {
            for (var i = 0; i < 5; i++)
            {
                await harness.PostAsync("3");
            }
            directory = harness.Directory;
            await harness.Process.DisposeAsync();
            last = await WriteSnapshotAsync(directory, 999);

            var report = await ReplayVerifier.RunAsync(directory);

            var divergence = Assert.IsType<ReplayDivergence>(report.Divergence);
            Assert.Equal(ReplayCheckpoint.Snapshot, divergence.Checkpoint);
            Assert.Equal(last, divergence.Sequence);
            Assert.Equal(RecordKind.AppEvent, divergence.Kind);
            Assert.Equal(2, divergence.SinceSequence);
            Assert.Equal("$", divergence.Path);
            Assert.Equal("999", divergence.Stored);
            Assert.Equal("15", divergence.Replayed);
            Assert.Equal(1, report.SnapshotsCompared);
            Assert.Equal(1, report.DeploysCompared);
            Assert.Contains($"snapshot through record {last} differs", divergence.Message);
        }
    }

    [Fact]
    public async Task A_deploy_record_naming_a_state_its_migration_does_not_compute_is_named_with_its_path()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        await harness.PostAsync("15");
        await harness.Process.DisposeAsync();
        long sequence;
        var store = FileProcessStore.Open(harness.Directory);
        await using (store)
        {
            var first = store.Recovery.ReadRecords().First(r => r.Kind == RecordKind.DeployAndInit);
            var init = LogCodecs.Read<DeployRecord>(LogCodecs.Deploy, first.Payload, first.Sequence);
            var blob = await store.PutBlobAsync(TypeCodec.For(typeof(int)).Encode(999));
            // The counter has no Migrate, so a migrate deploy of it keeps the state: 15, not 999.
            var record = init with { StateBlob = blob.Hex, Mode = "migrate" };
            sequence = await store.AppendAsync(RecordKind.DeployAndMigrate, LogCodecs.Deploy.Encode(record));
        }

        var report = await ReplayVerifier.RunAsync(harness.Directory);

        var divergence = Assert.IsType<ReplayDivergence>(report.Divergence);
        Assert.Equal(ReplayCheckpoint.Deploy, divergence.Checkpoint);
        Assert.Equal(sequence, divergence.Sequence);
        Assert.Equal(RecordKind.DeployAndMigrate, divergence.Kind);
        Assert.Equal(("$", "999", "15"), (divergence.Path, divergence.Stored, divergence.Replayed));
        Assert.Equal(2, report.DeploysCompared);
    }

    [Fact]
    public async Task A_record_that_no_longer_replays_is_a_divergence_named_by_its_record()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        await harness.PostAsync("5");
        await harness.Process.DisposeAsync();
        Directory.Delete(Path.Combine(harness.Directory, "compiled"), recursive: true);
        Directory.Delete(Path.Combine(harness.Directory, "blobs"), recursive: true);

        var report = await ReplayVerifier.RunAsync(harness.Directory);

        var divergence = Assert.IsType<ReplayDivergence>(report.Divergence);
        Assert.Equal(ReplayCheckpoint.Record, divergence.Checkpoint);
        Assert.Equal(1, divergence.Sequence);
        Assert.Equal(RecordKind.DeployAndInit, divergence.Kind);
        Assert.Contains("missing from the store", divergence.Message);
        Assert.Equal(0, report.RecordsReplayed);
    }

    [Fact]
    public async Task An_empty_store_replays_nothing_and_matches()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"conifer-replay-empty-{Guid.NewGuid():N}");
        try
        {
            await FileProcessStore.Open(directory).DisposeAsync();

            var report = await ReplayVerifier.RunAsync(directory);

            Assert.True(report.Matches);
            Assert.Equal((0L, 0L, 0, 0), (report.RecordsReplayed, report.LastSequence, report.SnapshotsCompared, report.DeploysCompared));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Writes, through the store's own API, a valid snapshot of <paramref name="count"/> at the last record; returns its sequence.</summary>
    private static async Task<long> WriteSnapshotAsync(string directory, int count)
    {
        var store = FileProcessStore.Open(directory);
        await using (store)
        {
            var deploy = store.Recovery.ReadRecords().First(r => r.Kind == RecordKind.DeployAndInit);
            var record = LogCodecs.Read<DeployRecord>(LogCodecs.Deploy, deploy.Payload, deploy.Sequence);
            var header = new SnapshotHeader(record.VersionId, record.SourceBlob, record.Timers);
            var state = TypeCodec.For(typeof(int)).Encode(count);
            var last = store.LastSequence;
            await store.WriteSnapshotAsync(last, (stream, ct) => SnapshotWriter.WriteLayoutAsync(stream, header, state, ct));
            return last;
        }
    }
}

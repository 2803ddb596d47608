using Conifer.Store.Exceptions;
using Conifer.Store.Locations;

namespace Conifer.Store.Postgres.Tests;

public sealed class PostgresStoreTests
{
    [Fact]
    public async Task Appended_records_come_back_after_a_reopen_with_their_chain()
    {
        var fixture = new StoreFixture();
        await using (var store = await fixture.OpenAsync())
        {
            Assert.Equal(0, store.LastSequence);
            for (var i = 1; i <= 10; i++)
            {
                Assert.Equal(i, await store.AppendAsync(RecordKind.AppEvent, StoreFixture.Payload(i)));
            }
        }

        await using var reopened = await fixture.OpenAsync();
        Assert.Equal(10, reopened.LastSequence);
        var records = reopened.Recovery.ReadRecords().ToList();
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.Equal("event 7", System.Text.Encoding.UTF8.GetString(records[6].Payload.Span));
        Assert.Equal(2, reopened.Epoch);
    }

    [Fact]
    public async Task Concurrent_appends_are_group_committed_without_gaps_or_duplicates()
    {
        var fixture = new StoreFixture();
        await using var store = await fixture.OpenAsync();
        var sequences = await Task.WhenAll(Enumerable.Range(0, 64).Select(w => Task.Run(async () =>
        {
            var mine = new List<long>();
            for (var i = 0; i < 50; i++)
            {
                mine.Add(await store.AppendAsync(RecordKind.AppEvent, StoreFixture.Payload((w * 1000) + i)));
            }

            return mine;
        })));
        var all = sequences.SelectMany(s => s).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 3200).Select(i => (long)i), all);
        Assert.Equal(3200L, await fixture.ScalarAsync<long>("SELECT count(*) FROM conifer.records"));
        var batches = await fixture.ScalarAsync<long>("SELECT count(DISTINCT committed_at) FROM conifer.records");
        Assert.True(batches < 3200, $"every record took its own transaction ({batches} commits)");
        var report = await PostgresStoreTools.VerifyAsync(fixture.Location);
        Assert.True(report.IsClean, string.Join("\n", report.Problems));
        Assert.Equal(3200, report.Records);
    }

    [Fact]
    public async Task A_writer_whose_epoch_was_taken_over_is_fenced_and_none_of_its_rows_land()
    {
        var fixture = new StoreFixture();
        await using var old = await fixture.OpenAsync("old", ttlSeconds: 30);
        await old.AppendAsync(RecordKind.AppEvent, StoreFixture.Payload(1));

        // The old writer is paused past its lease (as a SIGSTOP would do it); a new one takes over.
        await fixture.LapseLeaseAsync();
        await using var next = await fixture.OpenAsync("new");
        Assert.True(next.Epoch > old.Epoch);

        // The new writer has not written yet: a unique key alone would let the old writer's record 2 win here.
        var refused = await Assert.ThrowsAsync<StoreFencedException>(async () => await old.AppendAsync(RecordKind.AppEvent, StoreFixture.Payload(2)));
        Assert.Contains("no longer the store's writer", refused.Message);
        Assert.True(old.WriterLost.IsCompleted);
        Assert.Throws<StoreFencedException>(() => old.Append(RecordKind.AppEvent, StoreFixture.Payload(3)));
        Assert.Equal(1L, await fixture.ScalarAsync<long>("SELECT count(*) FROM conifer.records"));
        Assert.Equal(2, await next.AppendAsync(RecordKind.AppEvent, StoreFixture.Payload(2)));
    }

    [Fact]
    public async Task With_the_epoch_check_switched_off_a_stale_writer_wins_which_is_the_split_brain_fencing_prevents()
    {
        var fixture = new StoreFixture();
        Environment.SetEnvironmentVariable(PostgresProcessStore.UnsafeNoFencingVariable, "1");
        try
        {
            await using var old = await fixture.OpenAsync("old", ttlSeconds: 30);
            await old.AppendAsync(RecordKind.AppEvent, StoreFixture.Payload(1));
            await fixture.LapseLeaseAsync();
            await using var next = await fixture.OpenAsync("new");
            await old.AppendAsync(RecordKind.AppEvent, StoreFixture.Payload(2));
            // Acknowledged under an epoch that was no longer current: two writers.
            Assert.Equal(1L, await fixture.ScalarAsync<long>($"SELECT count(*) FROM conifer.records WHERE epoch < {next.Epoch} AND seq > 1"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(PostgresProcessStore.UnsafeNoFencingVariable, null);
        }
    }

    [Fact]
    public async Task A_second_writer_is_refused_while_the_lease_is_alive_and_named()
    {
        var fixture = new StoreFixture();
        await using var first = await fixture.OpenAsync("first", ttlSeconds: 30);
        var refused = await Assert.ThrowsAsync<StoreLeaseHeldException>(() => fixture.OpenAsync("second", ttlSeconds: 30, waitSeconds: 0.5));
        Assert.Contains("first", refused.Message);
        Assert.Contains("--standby", refused.Message);
    }

    [Fact]
    public async Task A_clean_close_gives_the_lease_back_so_the_next_writer_opens_at_once()
    {
        var fixture = new StoreFixture();
        await (await fixture.OpenAsync("first", ttlSeconds: 30)).DisposeAsync();
        await using var second = await fixture.OpenAsync("second", ttlSeconds: 30, waitSeconds: 0);
        Assert.Equal(2, second.Epoch);
    }

    [Fact]
    public async Task Snapshots_and_blobs_live_in_the_database_and_a_reopen_starts_from_the_snapshot()
    {
        var fixture = new StoreFixture();
        var state = new byte[(3 * 1024 * 1024) + 17];
        Random.Shared.NextBytes(state);
        BlobId blob;
        await using (var store = await fixture.OpenAsync())
        {
            blob = await store.PutBlobAsync(new byte[] { 1, 2, 3 });
            Assert.Equal(blob, await store.PutBlobAsync(new byte[] { 1, 2, 3 }));
            for (var i = 1; i <= 5; i++)
            {
                await store.AppendAsync(RecordKind.AppEvent, StoreFixture.Payload(i));
            }

            var info = await store.WriteSnapshotAsync(5, (stream, token) => stream.WriteAsync(state, token).AsTask());
            Assert.Equal(6, info.ReferenceSequence);
            await store.AppendAsync(RecordKind.AppEvent, StoreFixture.Payload(7));
        }

        Assert.Equal(4, await fixture.ScalarAsync<int>("SELECT max(chunks) FROM conifer.blobs"));
        await using var reopened = await fixture.OpenAsync();
        Assert.Equal(5, reopened.Recovery.Snapshot!.CoversThroughSequence);
        Assert.Equal(state, reopened.Recovery.Snapshot.ReadAllState());
        Assert.Equal([6L, 7L], reopened.Recovery.ReadRecords().Select(r => r.Sequence));
        Assert.Equal(new byte[] { 1, 2, 3 }, (await reopened.TryGetBlobAsync(blob))!.Value.ToArray());

        var truncated = await reopened.TruncateAsync();
        Assert.Equal(5, truncated.KeptFromSnapshot!.CoversThroughSequence);
        Assert.Equal(6L, await fixture.ScalarAsync<long>("SELECT min(seq) FROM conifer.records"));
        await reopened.DisposeAsync();
        await using var again = await fixture.OpenAsync();
        Assert.Equal(6, again.Recovery.FirstRetainedSequence);
        Assert.Equal(state, again.Recovery.Snapshot!.ReadAllState());
    }

    [Fact]
    public async Task A_newer_table_layout_is_refused_with_what_to_do_and_nothing_changed()
    {
        var fixture = new StoreFixture();
        await (await fixture.OpenAsync()).DisposeAsync();
        await fixture.ExecuteAsync("UPDATE conifer.schema_version SET version = 99");
        var refused = await Assert.ThrowsAsync<StoreFormatVersionException>(() => fixture.OpenAsync());
        Assert.Contains("version 99", refused.Message);
        Assert.Contains("Upgrade Conifer", refused.Message);
        Assert.Equal(99, await fixture.ScalarAsync<int>("SELECT version FROM conifer.schema_version"));
    }

    [Fact]
    public async Task Several_apps_share_one_database()
    {
        var fixture = new StoreFixture("shop");
        var other = (DatabaseLocation)StoreLocation.Parse(fixture.Uri.Replace("app=shop", "app=blog", StringComparison.Ordinal));
        await using var shop = await fixture.OpenAsync();
        await using var blog = await PostgresProcessStore.OpenAsync(other, StoreFixture.Lease("b"));
        await shop.AppendAsync(RecordKind.AppEvent, StoreFixture.Payload(1));
        await shop.AppendAsync(RecordKind.AppEvent, StoreFixture.Payload(2));
        Assert.Equal(1, await blog.AppendAsync(RecordKind.AppEvent, StoreFixture.Payload(1)));
    }

    [Fact]
    public async Task A_store_copies_from_a_folder_into_the_database_and_back_with_the_same_frames()
    {
        var fixture = new StoreFixture();
        var folder = Directory.CreateTempSubdirectory("conifer-pg-copy-").FullName;
        var back = Path.Combine(Path.GetTempPath(), $"conifer-pg-back-{Guid.NewGuid():N}");
        try
        {
            await using (var store = FileProcessStore.Open(folder))
            {
                for (var i = 1; i <= 300; i++)
                {
                    store.Append(RecordKind.AppEvent, StoreFixture.Payload(i));
                }

                await store.WaitDurableAsync(300);
                await store.PutBlobAsync(new byte[] { 9, 9 });
                await store.WriteSnapshotAsync(300, (s, t) => s.WriteAsync(new byte[] { 4, 5, 6 }, t).AsTask());
                store.Reports.Save("d1", """{ "id": "d1", "outcome": "committed" }""");
            }

            var into = await PostgresStoreTools.CopyAsync(new FolderLocation(folder), fixture.Location);
            Assert.True(into.IsClean, string.Join("\n", into.Problems));
            Assert.Equal(301, into.Records);
            var outOf = await PostgresStoreTools.CopyAsync(fixture.Location, new FolderLocation(back));
            Assert.True(outOf.IsClean, string.Join("\n", outOf.Problems));

            var original = Directory.GetFiles(folder, "log-*").Order().Select(File.ReadAllBytes).SelectMany(b => b).ToArray();
            var copied = Directory.GetFiles(back, "log-*").Order().Select(File.ReadAllBytes).SelectMany(b => b).ToArray();
            Assert.Equal(original, copied);
            await using var reopened = FileProcessStore.Open(back);
            Assert.Equal(300, reopened.Recovery.Snapshot!.CoversThroughSequence);
            Assert.NotNull(reopened.Reports.Find("d1"));

            await using var database = await fixture.OpenAsync();
            Assert.Equal(301, database.LastSequence);
            Assert.Equal(new byte[] { 4, 5, 6 }, database.Recovery.Snapshot!.ReadAllState());
            Assert.Equal(302, await database.AppendAsync(RecordKind.AppEvent, StoreFixture.Payload(302)));
        }
        finally
        {
            Directory.Delete(folder, true);
            if (Directory.Exists(back))
            {
                Directory.Delete(back, true);
            }
        }
    }

    [Fact]
    public async Task A_follower_reads_what_the_primary_commits_and_takes_over_only_once_the_lease_lapsed()
    {
        var fixture = new StoreFixture();
        await using var primary = await fixture.OpenAsync("primary", ttlSeconds: 30);
        await primary.AppendAsync(RecordKind.AppEvent, StoreFixture.Payload(1));
        await using var follower = await PostgresFollower.OpenAsync(fixture.Location);
        Assert.Equal(1, follower.LastSequence);
        await primary.AppendAsync(RecordKind.AppEvent, StoreFixture.Payload(2));
        await primary.AppendAsync(RecordKind.AppEvent, StoreFixture.Payload(3));
        var read = new List<long>();
        for (var i = 0; i < 20 && read.Count < 2; i++)
        {
            read.AddRange((await follower.ReadNewAsync(TimeSpan.FromMilliseconds(200))).Select(r => r.Record.Sequence));
        }

        Assert.Equal([2L, 3L], read);
        var lease = await follower.ReadLeaseAsync();
        Assert.True(lease.Alive);
        Assert.Equal("http://127.0.0.1/primary", lease.PrimaryUrl);
        Assert.Null(await follower.TryTakeOverAsync(StoreFixture.Lease("standby"), lease.Epoch));

        await fixture.LapseLeaseAsync();
        await using var taken = await follower.TryTakeOverAsync(StoreFixture.Lease("standby"), lease.Epoch);
        Assert.NotNull(taken);
        Assert.Equal(3, taken!.LastSequence);
        Assert.Equal(4, await taken.AppendAsync(RecordKind.AppEvent, StoreFixture.Payload(4)));
        await Assert.ThrowsAsync<StoreFencedException>(async () => await primary.AppendAsync(RecordKind.AppEvent, StoreFixture.Payload(4)));
    }

    [Fact]
    public async Task Two_standbys_racing_to_take_over_exactly_one_wins()
    {
        var fixture = new StoreFixture();
        await (await fixture.OpenAsync("primary")).AppendAsync(RecordKind.AppEvent, StoreFixture.Payload(1));
        await fixture.LapseLeaseAsync();
        for (var round = 0; round < 5; round++)
        {
            var followers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostgresFollower.OpenAsync(fixture.Location)));
            var epoch = (await followers[0].ReadLeaseAsync()).Epoch;
            var results = await Task.WhenAll(followers.Select((f, i) => f.TryTakeOverAsync(StoreFixture.Lease($"s{round}-{i}", ttlSeconds: 30), epoch)));
            Assert.Single(results, r => r is not null);
            foreach (var result in results.OfType<IOwnedProcessStore>())
            {
                await result.DisposeAsync();
            }

            foreach (var follower in followers)
            {
                await follower.DisposeAsync();
            }
        }
    }
}

public sealed class PostgresSchemaTests
{
    [Fact]
    public async Task Servers_starting_together_on_an_empty_database_create_the_tables_once()
    {
        var fixture = new StoreFixture();
        var followers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresFollower.OpenAsync(fixture.Location))));
        await using var writer = await fixture.OpenAsync();
        Assert.Equal(1, await writer.AppendAsync(RecordKind.AppEvent, StoreFixture.Payload(1)));
        foreach (var follower in followers)
        {
            await follower.DisposeAsync();
        }
    }
}

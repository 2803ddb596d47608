using Conifer.Runtime.Rehearsal;
using Conifer.Runtime.Replication;
using Conifer.Runtime.Stores;
using Conifer.Runtime.Tests.Support;
using Conifer.Store;
using Conifer.Store.Locations;

namespace Conifer.Runtime.Tests;

/// <summary>A store named by a location (DESIGN §8): a folder location opens the embedded store exactly as its directory did.</summary>
public class StoreLocationTests
{
    [Fact]
    public async Task A_folder_location_opens_the_store_its_directory_names_and_keeps_its_reports_there()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        Assert.Equal("5", await harness.PostAsync("5"));

        await harness.RestartAsync(o => o with { StoreDirectory = null, Location = StoreLocation.Parse(harness.Directory) });

        Assert.Equal("6", await harness.PostAsync("1"));
        Assert.Equal(harness.Directory, harness.Process.StoreLocation);
        Assert.Equal(harness.Directory, harness.Process.StoreFolder);
        Assert.Single(harness.Process.Reports.All());
        Assert.Single(Directory.GetFiles(Path.Combine(harness.Directory, "reports"), "*.json"));
        Assert.Equal(new ReplicationStatus(ProcessRole.Primary, null, null, harness.Process.LastSequence, harness.Process.LastSequence, 0), harness.Process.Replication);
        Assert.False(harness.Process.WriterLost.IsCompleted);
    }

    [Fact]
    public async Task A_folder_view_reads_what_the_owner_wrote_without_its_lock()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        await harness.PostAsync("7");

        var view = await ProcessStores.OpenViewAsync(new FolderLocation(harness.Directory));
        await using (view)
        {
            Assert.Equal(harness.Process.LastSequence, view.Recovery.LastSequence);
            Assert.Equal(harness.Directory, view.Location);
            Assert.Equal(Path.Combine(harness.Directory, "compiled"), view.CompiledCacheDirectory);
            Assert.Single(view.Reports.All());
            await Assert.ThrowsAsync<InvalidOperationException>(() => view.Blobs.PutBlobAsync(new byte[] { 1 }));
        }
        var stored = await StoreReader.ReadAsync(harness.Directory);
        Assert.Equal(harness.Process.VersionId, stored.VersionId);
        Assert.Equal(harness.Process.LastSequence, stored.LastSequence);
    }

    [Fact]
    public async Task A_view_of_a_missing_folder_fails_as_a_missing_directory()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"conifer-missing-{Guid.NewGuid():N}");

        await Assert.ThrowsAnyAsync<DirectoryNotFoundException>(() => StoreReader.ReadAsync(missing));
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public async Task Options_that_name_no_store_are_refused_before_anything_is_opened()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LiveProcess.OpenAsync(new RuntimeOptions()));

        Assert.Contains(nameof(RuntimeOptions.Location), error.Message);
    }

    [Fact]
    public async Task A_folder_opened_through_the_seam_is_the_embedded_store_without_an_epoch()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"conifer-seam-{Guid.NewGuid():N}");
        try
        {
            var store = await ProcessStores.OpenAsync(StoreLocation.Parse(directory));
            await using (store)
            {
                Assert.IsType<FileProcessStore>(store);
                Assert.Null(store.Epoch);
                Assert.Equal(Path.Combine(directory, "compiled"), store.CompiledCacheDirectory);
                Assert.Equal(1, await store.AppendAsync(RecordKind.AppEvent, new byte[] { 1 }));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

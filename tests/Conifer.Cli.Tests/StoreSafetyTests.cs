using System.Text.Json.Nodes;
using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

/// <summary>Operations leave no half-done work: an offline copy keeps the history, a full or read-only disk gets its own clear error, a deploy stays inside its source folder.</summary>
public class StoreSafetyTests
{
    [Fact]
    public async Task An_offline_store_copy_keeps_the_deploy_history()
    {
        using var temp = new TempDirectory();
        var store = temp.Sub("store");
        var deploy = await ConiferCli.RunAsync("deploy", RepoPaths.SampleApp("counter"), store);
        Assert.True(deploy.ExitCode == 0, deploy.ToString());

        var copy = await ConiferCli.RunAsync("store", "copy", store, temp.Sub("copy"));
        var history = await ConiferCli.RunAsync("history", temp.Sub("copy"), "--json");

        Assert.True(copy.ExitCode == 0, copy.ToString());
        var deploys = JsonNode.Parse(history.StdOut)!["deploys"]!.AsArray();
        Assert.Equal("committed", Assert.Single(deploys)!["outcome"]!.GetValue<string>());
        Assert.Equal(0, (await ConiferCli.RunAsync("store", "verify", temp.Sub("copy"))).ExitCode);
    }

    [Fact]
    public async Task A_deploy_on_a_full_disk_is_rejected_with_the_reason_and_leaves_no_temp_files()
    {
        using var temp = new TempDirectory();
        using var disk = SmallDisk.Mount(temp.Sub("disk"), 256);
        var store = Path.Combine(disk.Path, "store");
        var first = await ConiferCli.RunAsync("deploy", RepoPaths.SampleApp("counter"), store);
        Assert.True(first.ExitCode == 0, first.ToString());
        var logBefore = StoreFiles.LogAndSnapshots(store);
        disk.Fill();

        var full = await ConiferCli.RunAsync("deploy", RepoPaths.SampleApp("counter-text"), store);

        Assert.True(full.ExitCode == 1, full.ToString());
        Assert.Contains("No space left on device", full.StdOut + full.StdErr);
        Assert.DoesNotContain("Unhandled exception", full.StdErr);
        Assert.Empty(Directory.GetFiles(store, "*.tmp", SearchOption.AllDirectories));
        StoreFiles.AssertSame(logBefore, StoreFiles.LogAndSnapshots(store));
        File.Delete(Path.Combine(disk.Path, "filler"));
        var again = await ConiferCli.RunAsync("deploy", RepoPaths.SampleApp("counter-text"), store);
        Assert.True(again.ExitCode == 0, again.ToString());
    }

    [Fact]
    public async Task A_read_only_store_folder_gets_its_own_error_not_a_dead_owner_pid()
    {
        using var temp = new TempDirectory();
        using var disk = SmallDisk.Mount(temp.Sub("disk"), 1024);
        var store = Path.Combine(disk.Path, "store");
        Assert.Equal(0, (await ConiferCli.RunAsync("store", "truncate", store)).ExitCode);
        disk.MakeReadOnly();

        var truncate = await ConiferCli.RunAsync("store", "truncate", store);
        var verify = await ConiferCli.RunAsync("store", "verify", store);

        Assert.Equal(2, truncate.ExitCode);
        Assert.Contains("cannot be written", truncate.StdErr);
        Assert.Contains("read-only", truncate.StdErr);
        Assert.DoesNotContain("in use by process", truncate.StdErr);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task A_deploy_refuses_a_source_file_that_links_outside_its_folder()
    {
        using var temp = new TempDirectory();
        var source = temp.Sub("app");
        Directory.CreateDirectory(Path.Combine(source, "Backend"));
        File.Copy(Path.Combine(RepoPaths.SampleApp("counter"), "Backend", "App.cs"), Path.Combine(source, "Backend", "App.cs"));
        await File.WriteAllTextAsync(temp.Sub("secret.cs"), "// a key that must stay on this machine\n");
        File.CreateSymbolicLink(Path.Combine(source, "Backend", "Secret.cs"), temp.Sub("secret.cs"));
        var store = temp.Sub("store");

        var local = await ConiferCli.RunAsync("deploy", source, store);
        var remote = await ConiferCli.RunWithPasswordAsync("pw", "deploy", source, "http://127.0.0.1:9");

        Assert.Equal(2, local.ExitCode);
        Assert.Contains("Backend/Secret.cs", local.StdErr);
        Assert.Contains("outside the folder", local.StdErr);
        Assert.False(Directory.Exists(store));
        Assert.Equal(2, remote.ExitCode);
        Assert.Contains("outside the folder", remote.StdErr);
    }
}

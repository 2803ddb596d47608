using System.Net;
using System.Text.Json;
using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

/// <summary>
/// <c>conifer revert</c> against real servers and store directories: the earlier code and state come
/// back as a new logged deploy that survives SIGKILL, a revert can itself be reverted, and every refusal
/// leaves the store byte-for-byte as it was.
/// </summary>
public class RevertTests
{
    [Fact]
    public async Task Revert_brings_back_the_old_code_and_state_survives_SIGKILL_and_can_itself_be_reverted()
    {
        using var temp = new TempDirectory();
        var store = temp.Sub("store");
        long counterAt3;
        string textReport;
        string firstRevertReport;
        await using (var server = await ServerProcess.StartAsync(store, deploy: RepoPaths.SampleApp("counter")))
        {
            await server.PostAsync("3");
            // The counter again under a new version id (deploying the running version is a no-op and writes no record).
            var counterAgain = AppVariants.Copy("counter", temp, "counter-again", ("Backend/Again.cs", "// The counter again, as a new version.\n"));
            counterAt3 = (await DeployAsync(server, counterAgain)).GetProperty("sequence").GetInt64();
            textReport = (await DeployAsync(server, RepoPaths.SampleApp("counter-text"))).GetProperty("id").GetString()!;
            await server.PostAsync("a");
            Assert.Equal("3-a-b", await server.PostAsync("b"));

            var revert = await RevertAsync(server, counterAt3.ToString(System.Globalization.CultureInfo.InvariantCulture), "--yes", "--json");

            Assert.True(revert.ExitCode == 0, revert.ToString());
            using var report = JsonDocument.Parse(revert.StdOut);
            Assert.Equal("committed", report.RootElement.GetProperty("outcome").GetString());
            Assert.Equal("revert", report.RootElement.GetProperty("mode").GetString());
            var plan = report.RootElement.GetProperty("revert");
            Assert.Equal(counterAt3, plan.GetProperty("toSequence").GetInt64());
            Assert.Equal(2, plan.GetProperty("discardedEvents").GetInt64());
            Assert.Equal(1, plan.GetProperty("discardedDeploys").GetInt64());
            firstRevertReport = report.RootElement.GetProperty("id").GetString()!;
            Assert.Equal("3", await server.GetAsync());
            Assert.Equal("7", await server.PostAsync("4"));

            var history = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "history", server.AdminUrl);
            Assert.Contains($"reverted to record {counterAt3}, discarding 2 event(s)", history.StdOut);
            await server.KillAsync();
        }

        await using (var restarted = await ServerProcess.StartAsync(store))
        {
            Assert.Equal("7", await restarted.GetAsync());

            var past = await RevertAsync(restarted, textReport, "--yes");
            Assert.True(past.ExitCode == 0, past.ToString());
            Assert.Contains($"Reverted to deploy record {counterAt3 + 1}", past.StdOut);
            Assert.Equal("3-c", await restarted.PostAsync("c"));

            var back = await RevertAsync(restarted, firstRevertReport, "--yes");
            Assert.True(back.ExitCode == 0, back.ToString());
            Assert.Equal("3", await restarted.GetAsync());
            Assert.Equal("4", await restarted.PostAsync("1"));
        }
    }

    [Fact]
    public async Task An_unknown_id_and_an_unconfirmed_revert_change_nothing()
    {
        using var temp = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: RepoPaths.SampleApp("counter"));
        await server.PostAsync("3");
        var before = StoreFiles.LogAndSnapshots(server.Store);

        var unknown = await RevertAsync(server, "42", "--yes");
        var unconfirmed = await RevertAsync(server, "1");
        using var preview = await server.Admin.GetAsync("/api/revert/no-such-deploy");
        using var post = await server.Admin.PostAsync("/api/revert/42", null);

        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains("Record 42 is not in the log", unknown.StdErr);
        Assert.Contains("committed deploys: record 1 (report ", unknown.StdErr);
        Assert.True(unconfirmed.ExitCode == 2, unconfirmed.ToString());
        Assert.Contains("discards 1 event(s), 0 admin change(s) and 0 deploy(s)", unconfirmed.StdErr);
        Assert.Contains("pass --yes", unconfirmed.StdErr);
        Assert.Equal(HttpStatusCode.NotFound, preview.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Contains("record 1 (report ", await post.Content.ReadAsStringAsync());
        StoreFiles.AssertSame(before, StoreFiles.LogAndSnapshots(server.Store));
        Assert.Equal("3", await server.GetAsync());
    }

    [Fact]
    public async Task Revert_works_on_a_store_directory_no_server_holds()
    {
        using var temp = new TempDirectory();
        var store = temp.Sub("store");
        Assert.Equal(0, (await ConiferCli.RunAsync("deploy", RepoPaths.SampleApp("counter"), store)).ExitCode);
        Assert.Equal(0, (await ConiferCli.RunAsync("eval", store, "state + 3", "--commit")).ExitCode);
        Assert.Equal(0, (await ConiferCli.RunAsync("deploy", RepoPaths.SampleApp("counter-text"), store)).ExitCode);

        var dryRun = await ConiferCli.RunAsync("revert", store, "--to", "1", "--dry-run");
        var revert = await ConiferCli.RunAsync("revert", store, "--to", "1", "--yes");

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Contains("discards 0 event(s), 1 admin change(s) and 1 deploy(s)", dryRun.StdOut);
        Assert.True(revert.ExitCode == 0, revert.ToString());
        Assert.Contains("Reverted to deploy record 1", revert.StdOut);
        await using var server = await ServerProcess.StartAsync(store);
        Assert.Equal("0", await server.GetAsync());
        Assert.Equal("2", await server.PostAsync("2"));
    }

    private static async Task<JsonElement> DeployAsync(ServerProcess server, string folder)
    {
        var deploy = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "deploy", folder, server.AdminUrl, "--json");
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        using var report = JsonDocument.Parse(deploy.StdOut);
        return report.RootElement.Clone();
    }

    private static Task<CliResult> RevertAsync(ServerProcess server, string id, params string[] more) =>
        ConiferCli.RunWithPasswordAsync(ServerProcess.Password, ["revert", server.AdminUrl, "--to", id, .. more]);
}

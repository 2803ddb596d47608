using System.Text.Json;
using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

public class DeployTests
{
    [Fact]
    public async Task Deploying_counter_text_onto_a_counter_at_14_migrates_the_int_to_text()
    {
        using var temp = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: RepoPaths.SampleApp("counter"));
        await server.PostAsync("14");

        var deploy = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "deploy", RepoPaths.SampleApp("counter-text"), server.AdminUrl, "--json");

        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        using var report = JsonDocument.Parse(deploy.StdOut);
        Assert.Equal("committed", report.RootElement.GetProperty("outcome").GetString());
        Assert.True(report.RootElement.GetProperty("pauseMilli").GetDouble() > 0);
        var steps = report.RootElement.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.Equal(["compile", "prove", "take-proven-result", "check-new-state", "persist", "swap"], steps);
        Assert.Equal("14", await server.GetAsync());
        Assert.Equal("14-a", await server.PostAsync("a"));
    }

    [Fact]
    public async Task Init_app_state_resets_and_dry_run_commits_nothing()
    {
        using var temp = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: RepoPaths.SampleApp("counter"));
        await server.PostAsync("14");

        var dryRun = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "deploy", RepoPaths.SampleApp("counter-text"), server.AdminUrl, "--dry-run");
        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Contains("Dry run passed", dryRun.StdOut);
        Assert.Equal("15", await server.PostAsync("1"));

        var init = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "deploy", RepoPaths.SampleApp("counter"), server.AdminUrl, "--init-app-state");
        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Equal("0", await server.GetAsync());
    }

    [Fact]
    public async Task Deploy_onto_a_store_directory_without_a_server_works_the_same_way()
    {
        using var temp = new TempDirectory();
        var store = temp.Sub("store");

        var first = await ConiferCli.RunAsync("deploy", RepoPaths.SampleApp("counter"), store);
        Assert.True(first.ExitCode == 0, first.ToString());
        await using (var server = await ServerProcess.StartAsync(store))
        {
            Assert.Equal("14", await server.PostAsync("14"));
        }
        var second = await ConiferCli.RunAsync("deploy", RepoPaths.SampleApp("counter-text"), store);
        Assert.True(second.ExitCode == 0, second.ToString());

        await using var restarted = await ServerProcess.StartAsync(store);
        Assert.Equal("14-a", await restarted.PostAsync("a"));
    }
}

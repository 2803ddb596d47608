using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

public class RestartTests
{
    [Fact]
    public async Task Counter_keeps_its_running_sum_over_three_lifetimes_each_ended_by_SIGKILL()
    {
        using var temp = new TempDirectory();
        var store = temp.Sub("store");
        var sums = new List<string>();

        await using (var first = await ServerProcess.StartAsync(store, deploy: RepoPaths.SampleApp("counter")))
        {
            sums.Add(await first.PostAsync("1"));
            sums.Add(await first.PostAsync("3"));
            await first.KillAsync();
        }
        await using (var second = await ServerProcess.StartAsync(store))
        {
            sums.Add(await second.PostAsync("5"));
            sums.Add(await second.PostAsync("7"));
            await second.KillAsync();
        }
        await using (var third = await ServerProcess.StartAsync(store))
        {
            sums.Add(await third.PostAsync("11"));
            sums.Add(await third.PostAsync("13"));
            sums.Add(await third.PostAsync("-26"));
            Assert.Equal("14", await third.GetAsync());
        }

        Assert.Equal(["1", "4", "9", "16", "27", "40", "14"], sums);
    }

    [Fact]
    public async Task A_second_server_on_the_same_store_is_refused_naming_the_owner()
    {
        using var temp = new TempDirectory();
        var store = temp.Sub("store");
        await using var owner = await ServerProcess.StartAsync(store, deploy: RepoPaths.SampleApp("counter"));

        var deploy = await ConiferCli.RunAsync("deploy", RepoPaths.SampleApp("counter"), store);

        Assert.Equal(2, deploy.ExitCode);
        Assert.Contains(owner.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), deploy.StdErr);
    }

    [Fact]
    public async Task SIGTERM_stops_the_server_cleanly_and_the_state_is_there_after_a_restart()
    {
        using var temp = new TempDirectory();
        var store = temp.Sub("store");
        await using (var server = await ServerProcess.StartAsync(store, deploy: RepoPaths.SampleApp("counter")))
        {
            await server.PostAsync("14");

            Assert.Equal(0, await server.TerminateAsync());
            Assert.Contains("conifer: stopping", server.Log);
        }

        await using var restarted = await ServerProcess.StartAsync(store);
        Assert.Equal("14", await restarted.GetAsync());
    }
}

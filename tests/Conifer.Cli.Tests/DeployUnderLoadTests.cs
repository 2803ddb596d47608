using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

public class DeployUnderLoadTests
{
    [Fact]
    public async Task Requests_sent_during_a_deploy_are_all_answered_none_dropped_none_5xx()
    {
        using var temp = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: RepoPaths.SampleApp("counter"));
        await server.PostAsync("14");
        using var stop = new CancellationTokenSource();
        var statuses = new System.Collections.Concurrent.ConcurrentBag<int>();
        var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await server.Public.PostAsync("/", new StringContent("1"));
                statuses.Add((int)response.StatusCode);
            }
        })).ToArray();

        await Task.Delay(300);
        var deploy = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "deploy", RepoPaths.SampleApp("counter-text"), server.AdminUrl);
        await Task.Delay(300);
        stop.Cancel();
        await Task.WhenAll(clients);

        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.NotEmpty(statuses);
        Assert.All(statuses, status => Assert.Equal(200, status));
        Assert.Contains("-1", await server.GetAsync());
    }
}

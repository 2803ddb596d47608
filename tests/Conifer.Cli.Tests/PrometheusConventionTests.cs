using System.Diagnostics;
using System.Net;
using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

public class PrometheusConventionTests
{
    [Fact]
    public async Task A_real_servers_metrics_pass_promtool_check_metrics()
    {
        using var temp = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: RepoPaths.SampleApp("counter"));
        await server.PostAsync("14");
        var deploy = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "deploy", RepoPaths.SampleApp("counter-text"), server.AdminUrl);
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        await server.PostAsync("a");

        // Both durations, the deploy's pause and a batch's sync, must be in the scrape that promtool reads.
        string[] expected = ["conifer_deploy_pause_seconds_bucket", "conifer_store_sync_duration_seconds_bucket"];
        var text = "";
        for (var attempt = 0; attempt < 100 && !expected.All(text.Contains); attempt++)
        {
            await Task.Delay(attempt == 0 ? 0 : 100);
            using var response = await server.Admin.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync();
        }
        Assert.All(expected, name => Assert.Contains(name, text));

        var (exitCode, output) = await PromtoolCheckAsync(text);

        Assert.True(exitCode == 0, $"promtool check metrics exited {exitCode}:\n{output}");
        Assert.Equal("", output);
    }

    /// <summary>Runs Debian's <c>promtool check metrics</c> (package prometheus; .ci/run installs it) over a scrape.</summary>
    private static async Task<(int ExitCode, string Output)> PromtoolCheckAsync(string scrape)
    {
        const string promtool = "/usr/bin/promtool";
        Assert.True(File.Exists(promtool), $"{promtool} is missing: apt-get install prometheus (.ci/run installs it).");
        var info = new ProcessStartInfo(promtool, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(scrape);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

public class StoreOperationsTests
{
    [Fact]
    public async Task A_backup_taken_under_load_restores_into_a_new_server_with_the_same_state()
    {
        using var temp = new TempDirectory();
        const int Requests = 400;
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: RepoPaths.SampleApp("counter"));
        await server.PostAsync("1000");

        using var gate = new SemaphoreSlim(16);
        var load = Enumerable.Range(0, Requests).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                return await server.PostAsync("1");
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        var underLoad = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "store", "copy", server.AdminUrl, temp.Sub("under-load"));
        await Task.WhenAll(load);
        var quiet = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "store", "copy", server.AdminUrl, temp.Sub("quiet"));
        var liveState = await server.GetAsync();

        Assert.True(underLoad.ExitCode == 0, underLoad.ToString());
        Assert.True(quiet.ExitCode == 0, quiet.ToString());
        // Not a terminal: the download's progress comes as plain lines on standard error.
        Assert.Contains("Copying: waiting for the server to copy the store", quiet.StdErr);
        Assert.Contains("Copying: downloading 100%", quiet.StdErr);
        Assert.Equal((1000 + Requests).ToString(CultureInfo.InvariantCulture), liveState);
        Assert.Equal(0, (await ConiferCli.RunAsync("store", "verify", temp.Sub("under-load"))).ExitCode);
        await using (var restored = await ServerProcess.StartAsync(temp.Sub("quiet")))
        {
            Assert.Equal(liveState, await restored.GetAsync());
            Assert.Equal(liveState, (await (await restored.Admin.GetAsync("/api/state")).Content.ReadAsStringAsync()).Trim());
        }
        await using (var restored = await ServerProcess.StartAsync(temp.Sub("under-load")))
        {
            // A copy under load holds every record durable when it began, or more: a state the live server had.
            Assert.InRange(int.Parse(await restored.GetAsync(), CultureInfo.InvariantCulture), 1000, 1000 + Requests);
        }
    }

    [Fact]
    public async Task History_lists_each_deploy_with_outcome_pause_and_the_records_between_them()
    {
        using var temp = new TempDirectory();
        var store = temp.Sub("store");
        await using (var server = await ServerProcess.StartAsync(store, deploy: RepoPaths.SampleApp("counter")))
        {
            await server.PostAsync("1");
            await server.PostAsync("2");
            var deploy = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "deploy", RepoPaths.SampleApp("counter-text"), server.AdminUrl);
            Assert.True(deploy.ExitCode == 0, deploy.ToString());

            var text = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "history", server.AdminUrl);

            Assert.True(text.ExitCode == 0, text.ToString());
            var rows = text.StdOut.Split('\n').Where(l => l.Contains(" committed ", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, rows.Count);
            Assert.EndsWith(" 2", rows[1].TrimEnd());
            await server.KillAsync();
        }
        var json = await ConiferCli.RunAsync("history", store, "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        var deploys = JsonNode.Parse(json.StdOut)!["deploys"]!.AsArray();
        Assert.Equal(2, deploys.Count);
        Assert.All(deploys, d => Assert.Equal("committed", d!["outcome"]!.GetValue<string>()));
        Assert.Equal("init", deploys[0]!["mode"]!.GetValue<string>()[..4]);
    }

    [Fact]
    public async Task Verify_copy_and_truncate_work_on_a_directory_and_verify_names_damage_with_exit_1()
    {
        using var temp = new TempDirectory();
        var store = temp.Sub("store");
        await using (var server = await ServerProcess.StartAsync(store, deploy: RepoPaths.SampleApp("counter")))
        {
            await server.PostAsync("5");
            var truncate = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "store", "truncate", server.AdminUrl);
            Assert.True(truncate.ExitCode == 0, truncate.ToString());
            Assert.Contains("nothing was dropped", truncate.StdOut);
            using var anonymous = new HttpClient();
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(server.AdminUrl + "/api/backup")).StatusCode);
            await server.KillAsync();
        }

        var sound = await ConiferCli.RunAsync("store", "verify", store);
        var copy = await ConiferCli.RunAsync("store", "copy", store, temp.Sub("copy"));
        var intoFull = await ConiferCli.RunAsync("store", "copy", store, temp.Sub("copy"));
        var truncated = await ConiferCli.RunAsync("store", "truncate", temp.Sub("copy"));
        var segment = Directory.GetFiles(store, "*.seg").Single();
        var bytes = File.ReadAllBytes(segment);
        // A byte a third of the way in lies in a record before the last batch: damage (exit 1), where a flipped
        // byte in the last batch would be a torn tail (exit 3).
        bytes[bytes.Length / 3] ^= 0xFF;
        File.WriteAllBytes(segment, bytes);
        var damaged = await ConiferCli.RunAsync("store", "verify", store);

        Assert.True(sound.ExitCode == 0, sound.ToString());
        Assert.Contains("The store is sound.", sound.StdOut);
        // Not a terminal: progress comes as plain lines on standard error, not as a bar.
        Assert.Contains("Verifying: 100%", sound.StdErr);
        Assert.Contains("Copying: 100%", copy.StdErr);
        var json = await ConiferCli.RunAsync("store", "verify", temp.Sub("copy"), "--json");
        Assert.Equal(string.Empty, json.StdErr);
        Assert.True(JsonNode.Parse(json.StdOut)!["isClean"]!.GetValue<bool>());
        Assert.True(copy.ExitCode == 0, copy.ToString());
        Assert.Equal(0, (await ConiferCli.RunAsync("store", "verify", temp.Sub("copy"))).ExitCode);
        Assert.Equal(2, intoFull.ExitCode);
        Assert.Contains("not empty", intoFull.StdErr);
        Assert.True(truncated.ExitCode == 0, truncated.ToString());
        Assert.Contains("nothing was dropped", truncated.StdOut);
        Assert.Equal(1, damaged.ExitCode);
        Assert.Contains(Path.GetFileName(segment) + " at offset", damaged.StdOut);
        await using var fromCopy = await ServerProcess.StartAsync(temp.Sub("copy"));
        Assert.Equal("5", await fromCopy.GetAsync());
    }
}

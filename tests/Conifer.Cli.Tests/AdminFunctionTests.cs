using System.Net;
using System.Text.Json.Nodes;
using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

public class AdminFunctionTests
{
    [Fact]
    public async Task A_dry_run_leaves_the_state_and_a_committed_update_survives_a_restart()
    {
        using var temp = new TempDirectory();
        var store = temp.Sub("store");
        await using (var server = await ServerProcess.StartAsync(store, deploy: RepoPaths.SampleApp("counter")))
        {
            await server.PostAsync("1234");

            var list = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "list-functions", server.AdminUrl);
            Assert.True(list.ExitCode == 0, list.ToString());
            Assert.Contains("AddToCounter(", list.StdOut);
            Assert.Contains("[update]", list.StdOut);
            Assert.Contains("Describe(", list.StdOut);

            var dryRun = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "apply-function", "AddToCounter", "[17]", server.AdminUrl);
            Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
            Assert.Contains("Dry run", dryRun.StdOut);
            Assert.Contains("$: 1234 → 1251", dryRun.StdOut);
            Assert.Equal("1234", await server.GetAsync());

            var commit = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "apply-function", "AddToCounter", "[4567]", server.AdminUrl, "--commit");
            Assert.True(commit.ExitCode == 0, commit.ToString());
            Assert.Contains("Committed", commit.StdOut);
            Assert.Equal("5801", await server.GetAsync());

            var read = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "apply-function", "Describe", "[\"sum\"]", server.AdminUrl, "--json");
            Assert.True(read.ExitCode == 0, read.ToString());
            Assert.Equal("sum: 5801", JsonNode.Parse(read.StdOut)!["result"]!.GetValue<string>());
            await server.KillAsync();
        }
        await using (var restarted = await ServerProcess.StartAsync(store))
        {
            Assert.Equal("5801", await restarted.GetAsync());
        }
    }

    [Fact]
    public async Task Bad_calls_get_a_clear_error_and_change_nothing()
    {
        (string Name, string Commit, string Body, HttpStatusCode Status, string Error)[] calls =
        [
            ("NoSuchFunction", "false", "[1]", HttpStatusCode.NotFound, "no admin function 'NoSuchFunction'"),
            ("AddToCounter", "false", "[1, 2]", HttpStatusCode.BadRequest, "takes 1 argument(s), got 2"),
            ("AddToCounter", "true", "[\"ten\"]", HttpStatusCode.BadRequest, "argument 1 (amount)"),
            ("AddToCounter", "false", "{\"amount\": 1}", HttpStatusCode.BadRequest, "JSON array"),
            ("AddToCounter", "true", "[oops", HttpStatusCode.BadRequest, "JSON array"),
            ("AddToCounter", "maybe", "[1]", HttpStatusCode.BadRequest, "commit must be true or false"),
            ("Describe", "true", "[\"x\"]", HttpStatusCode.BadRequest, "nothing to commit"),
            ("AddToCounter", "true", "[2147483647]", HttpStatusCode.UnprocessableEntity, "threw OverflowException"),
        ];
        using var temp = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: RepoPaths.SampleApp("counter"));
        await server.PostAsync("10");
        var before = StoreFiles.LogAndSnapshots(server.Store);

        foreach (var (name, commit, body, status, error) in calls)
        {
            using var response = await server.Admin.PostAsync($"/api/functions/{name}?commit={commit}", new StringContent(body));

            Assert.Equal(status, response.StatusCode);
            Assert.Contains(error, await response.Content.ReadAsStringAsync());
        }
        Assert.Equal("10", await server.GetAsync());
        using var state = await server.Admin.GetAsync("/api/state");
        Assert.Equal("10", (await state.Content.ReadAsStringAsync()).Trim());
        StoreFiles.AssertSame(before, StoreFiles.LogAndSnapshots(server.Store));
    }

    [Fact]
    public async Task The_cli_reports_a_refused_call_with_exit_1_and_lists_functions_as_json()
    {
        using var temp = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: RepoPaths.SampleApp("counter"));

        var refused = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "apply-function", "Describe", "[\"x\"]", server.AdminUrl, "--commit");
        var badArgs = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "apply-function", "AddToCounter", "17", server.AdminUrl);
        var list = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "list-functions", server.AdminUrl, "--json");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("nothing to commit", refused.StdErr);
        Assert.Equal(2, badArgs.ExitCode);
        Assert.Contains("JSON array", badArgs.StdErr);
        var add = JsonNode.Parse(list.StdOut)!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "AddToCounter")!;
        Assert.Equal("update", add["kind"]!.GetValue<string>());
        Assert.Equal(2, add["parameters"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_committed_function_under_public_load_loses_no_event()
    {
        using var temp = new TempDirectory();
        var store = temp.Sub("store");
        const int Requests = 300;
        await using (var server = await ServerProcess.StartAsync(store, deploy: RepoPaths.SampleApp("counter")))
        {
            var load = Enumerable.Range(0, Requests).Select(_ => server.PostAsync("1")).ToList();
            using var commit = await server.Admin.PostAsync("/api/functions/AddToCounter?commit=true", new StringContent("[100000]"));
            var sums = await Task.WhenAll(load);

            Assert.Equal(HttpStatusCode.OK, commit.StatusCode);
            Assert.Equal((Requests + 100_000).ToString(System.Globalization.CultureInfo.InvariantCulture), await server.GetAsync());
            // Every public answer is a sum the log can explain: with or without the 100,000.
            Assert.All(sums, s => Assert.InRange(int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) % 100_000, 1, Requests));
            await server.KillAsync();
        }
        await using var restarted = await ServerProcess.StartAsync(store);
        Assert.Equal((Requests + 100_000).ToString(System.Globalization.CultureInfo.InvariantCulture), await restarted.GetAsync());
    }

    [Fact]
    public async Task Functions_run_on_a_store_directory_no_server_holds()
    {
        using var temp = new TempDirectory();
        var store = temp.Sub("store");
        var deploy = await ConiferCli.RunAsync("deploy", RepoPaths.SampleApp("counter"), store);
        Assert.True(deploy.ExitCode == 0, deploy.ToString());

        var commit = await ConiferCli.RunAsync("apply-function", "AddToCounter", "[42]", store, "--commit");
        var read = await ConiferCli.RunAsync("apply-function", "Describe", "[\"now\"]", store);

        Assert.True(commit.ExitCode == 0, commit.ToString());
        Assert.Contains("\"now: 42\"", read.StdOut);
        // Not a terminal: opening the store reports its restore as plain lines on standard error.
        Assert.Contains("Restoring: ready", commit.StdErr);
    }
}

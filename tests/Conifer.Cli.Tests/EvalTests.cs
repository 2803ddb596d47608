using System.Net;
using System.Text.Json.Nodes;
using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

public class EvalTests
{
    [Fact]
    public async Task A_query_and_a_script_of_statements_print_json_and_a_committed_script_survives_a_restart()
    {
        using var temp = new TempDirectory();
        var store = temp.Sub("store");
        await using (var server = await ServerProcess.StartAsync(store, deploy: RepoPaths.SampleApp("counter")))
        {
            await server.PostAsync("1234");

            var query = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "eval", server.AdminUrl, "Enumerable.Range(1, 3).Select(i => state * i).ToImmutableArray()", "--json");
            var dryRun = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "eval", server.AdminUrl, "state + 1");
            var statements = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "eval", server.AdminUrl, "var doubled = state * 2;\nif (doubled < 0) { return -1; }\ndoubled + 1");
            var commit = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "eval", server.AdminUrl, "state + 4567", "--commit");

            Assert.True(query.ExitCode == 0, query.ToString());
            Assert.Equal("[1234,2468,3702]", JsonNode.Parse(query.StdOut)!["result"]!.ToJsonString());
            Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
            Assert.Equal("1235", dryRun.StdOut.Trim());
            Assert.True(statements.ExitCode == 0, statements.ToString());
            Assert.Equal("2469", statements.StdOut.Trim());
            Assert.True(commit.ExitCode == 0, commit.ToString());
            Assert.Contains("$: 1234 → 5801", commit.StdOut);
            Assert.Equal("5801", await server.GetAsync());
            await server.KillAsync();
        }
        await using (var restarted = await ServerProcess.StartAsync(store))
        {
            Assert.Equal("5801", await restarted.GetAsync());
        }
    }

    [Fact]
    public async Task Scripts_read_and_replace_the_hours_records_with_the_apps_own_types()
    {
        using var temp = new TempDirectory();
        var store = temp.Sub("store");
        await using (var server = await ServerProcess.StartAsync(store, deploy: Path.Combine(RepoPaths.SampleApp("hours"), "v1")))
        {
            await new HoursApi(server).BookSampleDataAsync();

            var managers = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "eval", server.AdminUrl,
                "state.Users.Values.Where(u => u.Roles.Contains(new Role.Manager())).Select(u => u.Name).ToImmutableArray()", "--json");
            var minutes = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "eval", server.AdminUrl, """
                var open = state.Projects.Values.Where(p => !p.Archived).Select(p => p.Code).ToImmutableSortedSet();
                state.Entries.Where(e => open.Contains(e.Project)).Sum(e => e.Minutes)
                """);
            var commit = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "eval", server.AdminUrl,
                "state with { Projects = state.Projects.SetItem(\"OLD\", state.Projects[\"OLD\"] with { Archived = false }) }", "--commit");

            Assert.True(managers.ExitCode == 0, managers.ToString());
            Assert.Equal("[\"bob\",\"root\"]", JsonNode.Parse(managers.StdOut)!["result"]!.ToJsonString());
            Assert.True(minutes.ExitCode == 0, minutes.ToString());
            Assert.Equal("150", minutes.StdOut.Trim());
            Assert.True(commit.ExitCode == 0, commit.ToString());
            await server.KillAsync();
        }
        await using (var restarted = await ServerProcess.StartAsync(store))
        {
            var archived = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "eval", restarted.AdminUrl, "state.Projects.Values.Count(p => p.Archived)");
            Assert.True(archived.ExitCode == 0, archived.ToString());
            Assert.Equal("0", archived.StdOut.Trim());
        }
    }

    [Fact]
    public async Task Scripts_that_break_a_rule_do_not_compile_throw_or_return_no_state_change_nothing()
    {
        (string Source, bool Commit, string Error)[] scripts =
        [
            ("state + DateTime.Now.Second", false, "DateTime.Now"),
            ("System.IO.File.ReadAllText(\"/etc/hostname\").Length + state", true, "CNF0204"),
            ("state.NoSuchMember", false, "CS1061"),
            ("\"text\"", true, "must return the app's State"),
            ("state / (state - state)", true, "threw DivideByZeroException"),
            // Ten billion steps: far past the test server's 5 s limit.
            ("(int)(Enumerable.Range(0, 100000).SelectMany(_ => Enumerable.Range(0, 100000)).LongCount() % 2) + state", true, "did not finish within 5 s"),
        ];
        using var temp = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: RepoPaths.SampleApp("counter"));
        await server.PostAsync("10");
        var before = StoreFiles.LogAndSnapshots(server.Store);

        foreach (var (source, commit, error) in scripts)
        {
            using var response = await server.Admin.PostAsync($"/api/eval?commit={(commit ? "true" : "false")}", new StringContent(source));

            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(text.Contains(error, StringComparison.Ordinal), text);
        }
        var cli = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "eval", server.AdminUrl, "state + DateTime.Now.Second", "--commit");
        Assert.Equal(1, cli.ExitCode);
        Assert.Contains("Nothing was changed", cli.StdErr);
        Assert.Equal("10", await server.GetAsync());
        StoreFiles.AssertSame(before, StoreFiles.LogAndSnapshots(server.Store));
    }
}

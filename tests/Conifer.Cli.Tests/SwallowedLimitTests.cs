using System.Net;
using System.Text.Json.Nodes;
using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

/// <summary>A user catch cannot swallow the limit, an event past its limit is never logged, and replay is bounded too.</summary>
public class SwallowedLimitTests
{
    private const string SwallowingApp = """
        namespace Backend;

        public sealed class App : IWebServiceApp<int>
        {
            public static (int State, Commands Commands) Init() => (0, Commands.None);

            public static (int State, Commands Commands) OnHttpRequest(HttpRequestEvent request, int state)
            {
                var body = request.BodyText;
                if (body == "swallow")
                {
                    var n = 0;
                    try { while (true) { n++; } }
                    catch (Exception) { }
                    return (state + 1, Commands.Respond(request.Id, 200, "swallowed"));
                }
                if (body.StartsWith("turns ", StringComparison.Ordinal))
                {
                    var turns = long.Parse(body[6..]);
                    var sum = 0L;
                    for (var i = 0L; i < turns; i++) { sum += i & 1; }
                    return (state + (int)(sum % 2) + 1, Commands.Respond(request.Id, 200, (state + 1).ToString()));
                }
                var next = request.Method == "POST" ? state + int.Parse(body) : state;
                return (next, Commands.Respond(request.Id, 200, next.ToString()));
            }
        }
        """;

    [Fact]
    public async Task A_handler_or_a_committed_eval_that_catches_the_limit_changes_nothing_and_the_store_restarts()
    {
        using var temp = new TempDirectory();
        var app = AppVariants.Copy("counter", temp, "swallowing", ("Backend/App.cs", SwallowingApp));
        var store = temp.Sub("store");
        await using (var server = await ServerProcess.StartAsync(store, deploy: app, extraArgs: ["--event-time-limit", "1"]))
        {
            Assert.Equal("5", await server.PostAsync("5"));
            var before = StoreFiles.LogAndSnapshots(server.Store);

            using var swallow = await server.Public.PostAsync("/", new StringContent("swallow"));
            var eval = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "eval", server.AdminUrl,
                "var n = 0;\ntry { while (true) { n++; } } catch (Exception) { }\nstate + 1", "--commit");

            Assert.Equal(HttpStatusCode.InternalServerError, swallow.StatusCode);
            Assert.Contains("longer than its limit of 1 s", await swallow.Content.ReadAsStringAsync());
            Assert.NotEqual(0, eval.ExitCode);
            Assert.Contains("did not finish within", eval.ToString());
            StoreFiles.AssertSame(before, StoreFiles.LogAndSnapshots(server.Store));
            Assert.Equal(0, await server.TerminateAsync());
        }
        await using var restarted = await ServerProcess.StartAsync(store, extraArgs: ["--event-time-limit", "1"]);
        Assert.Equal("6", await restarted.PostAsync("1"));
    }

    [Fact]
    public async Task A_record_that_replay_cannot_finish_in_its_bound_stops_the_open_naming_it_and_a_fresh_init_mends_the_store()
    {
        using var temp = new TempDirectory();
        var app = AppVariants.Copy("counter", temp, "slow", ("Backend/App.cs", SwallowingApp));
        var store = temp.Sub("store");
        string slowRecord;
        await using (var server = await ServerProcess.StartAsync(store, deploy: app, extraArgs: ["--event-time-limit", "120"]))
        {
            Assert.Equal("5", await server.PostAsync("5"));
            // A second or so of work: well within its limit when it runs, far past a replay bound of 0.1 s.
            Assert.Equal("6", await server.PostAsync("turns 1500000000"));
            slowRecord = JsonNode.Parse(await server.Admin.GetStringAsync("/api/status"))!["lastSequence"]!.ToJsonString();
            await server.KillAsync();
        }

        await using var reopened = await ServerProcess.StartAsync(store, extraArgs: ["--event-time-limit", "0.01"], requireReady: false);
        using var ready = await reopened.Admin.GetAsync("/health/ready");
        var status = await reopened.Admin.GetStringAsync("/api/status");
        using var publicAnswer = await reopened.Public.GetAsync("/");
        var init = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "deploy", RepoPaths.SampleApp("counter"), reopened.AdminUrl, "--init-app-state");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.True(status.Contains($"Replaying record {slowRecord} ", StringComparison.Ordinal) && status.Contains("replay bound", StringComparison.Ordinal), status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, publicAnswer.StatusCode);
        Assert.True(init.ExitCode == 0, init.ToString());
        using var readyAfterInit = await reopened.Admin.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, readyAfterInit.StatusCode);
        Assert.Equal(0, await reopened.TerminateAsync());
    }
}

using System.Net;
using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

/// <summary>A handler that never returns is stopped at the event time limit; the server goes on and the fix deploys.</summary>
public class RunawayHandlerTests
{
    private const string SpinningApp = """
        namespace Backend;

        public sealed class App : IWebServiceApp<int>
        {
            public static (int State, Commands Commands) Init() => (0, Commands.None);

            public static (int State, Commands Commands) OnHttpRequest(HttpRequestEvent request, int state)
            {
                if (request.BodyText == "spin")
                {
                    var turns = 0L;
                    while (turns >= 0)
                    {
                        turns = (turns + 1) % 1_000_000;
                    }
                    return (state + (int)turns, Commands.None);
                }
                if (request.BodyText == "recurse")
                {
                    return (Down(state), Commands.None);
                }
                var sum = request.Method == "POST" ? state + int.Parse(request.BodyText) : state;
                return (sum, Commands.Respond(request.Id, 200, sum.ToString()));
            }

            private static int Down(int n) => Down(n + 1) + 1;
        }
        """;

    [Fact]
    public async Task A_request_that_loops_or_recurses_forever_gets_500_and_the_server_serves_and_deploys_on()
    {
        using var temp = new TempDirectory();
        var spinning = AppVariants.Copy("counter", temp, "spinning", ("Backend/App.cs", SpinningApp));
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: spinning, extraArgs: ["--event-time-limit", "1"]);
        Assert.Equal("5", await server.PostAsync("5"));
        var before = StoreFiles.LogAndSnapshots(server.Store);

        using var spin = await server.Public.PostAsync("/", new StringContent("spin"));
        using var recurse = await server.Public.PostAsync("/", new StringContent("recurse"));

        Assert.Equal(HttpStatusCode.InternalServerError, spin.StatusCode);
        Assert.Contains("longer than its limit of 1 s", await spin.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.InternalServerError, recurse.StatusCode);
        Assert.Contains("InsufficientExecutionStackException", await recurse.Content.ReadAsStringAsync());
        StoreFiles.AssertSame(before, StoreFiles.LogAndSnapshots(server.Store));
        Assert.Equal("6", await server.PostAsync("1"));

        var fix = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "deploy", RepoPaths.SampleApp("counter"), server.AdminUrl);
        Assert.True(fix.ExitCode == 0, fix.ToString());
        using var after = await server.Public.PostAsync("/", new StringContent("spin"));
        Assert.Equal(HttpStatusCode.BadRequest, after.StatusCode);
        Assert.Equal("7", await server.PostAsync("1"));
    }
}

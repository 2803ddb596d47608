using System.Net;
using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

/// <summary>A framework call that does not return cannot wedge the single writer.</summary>
public class WedgedWriterTests
{
    private const string FrameworkCallApp = """
        using System.Text.RegularExpressions;

        namespace Backend;

        public sealed class App : IWebServiceApp<int>
        {
            public static (int State, Commands Commands) Init() => (0, Commands.None);

            public static (int State, Commands Commands) OnHttpRequest(HttpRequestEvent request, int state)
            {
                if (request.BodyText == "regex")
                {
                    var matched = Regex.IsMatch(new string('a', 40) + "!", "^(a+)+$") || new Regex("^(a+)+$").IsMatch(new string('a', 40) + "!");
                    return (state + 1, Commands.Respond(request.Id, 200, matched.ToString()));
                }
                if (request.BodyText == "framework")
                {
                    // Billions of turns inside the framework, where no tick of the metering reaches.
                    var distinct = Enumerable.Repeat("a", int.MaxValue).Distinct().Count() + Enumerable.Repeat("b", int.MaxValue).Distinct().Count();
                    return (state + distinct, Commands.Respond(request.Id, 200, distinct.ToString()));
                }
                var sum = request.Method == "POST" ? state + int.Parse(request.BodyText) : state;
                return (sum, Commands.Respond(request.Id, 200, sum.ToString()));
            }
        }
        """;

    [Fact]
    public async Task A_backtracking_regex_times_out_and_a_call_that_never_returns_is_abandoned_while_the_writer_serves_deploys_and_stops()
    {
        using var temp = new TempDirectory();
        var app = AppVariants.Copy("counter", temp, "framework-call", ("Backend/App.cs", FrameworkCallApp));
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: app, extraArgs: ["--event-time-limit", "1"]);
        Assert.Equal("5", await server.PostAsync("5"));

        using var regex = await server.Public.PostAsync("/", new StringContent("regex"));
        var framework = server.Public.PostAsync("/", new StringContent("framework"));
        await Task.Delay(200);
        var behind = server.PostAsync("1");
        using var abandoned = await framework;
        var afterwards = await behind;
        using var ready = await server.Admin.GetAsync("/health/ready");
        var readiness = await ready.Content.ReadAsStringAsync();
        var metrics = await server.Admin.GetStringAsync("/metrics");

        Assert.Equal(HttpStatusCode.InternalServerError, regex.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, abandoned.StatusCode);
        Assert.Contains("abandoned", await abandoned.Content.ReadAsStringAsync());
        Assert.Equal("6", afterwards);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("abandoned", readiness);
        Assert.Contains("conifer_calls_abandoned", metrics);
        var fix = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "deploy", RepoPaths.SampleApp("counter"), server.AdminUrl);
        Assert.True(fix.ExitCode == 0, fix.ToString());
        Assert.Equal("7", await server.PostAsync("1"));
        Assert.Equal(0, await server.TerminateAsync());
    }
}

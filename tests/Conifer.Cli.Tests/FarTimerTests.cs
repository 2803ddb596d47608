using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

/// <summary>A command can never make the store unrestorable: timers due any time a long holds are kept.</summary>
public class FarTimerTests
{
    private const string FarTimerApp = """
        namespace Backend;

        public sealed class App : IWebServiceApp<int>
        {
            // 2100-01-01: past the ~49.7 days a system timer can wait in one go.
            public static (int State, Commands Commands) Init() => (0, Commands.SetTimer("new-century", 4102444800000));

            public static (int State, Commands Commands) OnHttpRequest(HttpRequestEvent request, int state)
            {
                var sum = request.Method == "POST" ? state + int.Parse(request.BodyText) : state;
                var commands = Commands.Respond(request.Id, 200, sum.ToString());
                // Sixty days on, and the longest time a long holds.
                return request.Method == "POST"
                    ? (sum, commands.And(Commands.SetTimer("in-sixty-days", request.PosixTimeMilli + 60L * 24 * 3600 * 1000)).And(Commands.SetTimer("never", long.MaxValue)))
                    : (sum, commands);
            }

            public static (int State, Commands Commands) OnTimer(TimerEvent timer, int state) => (state + 1000, Commands.None);
        }
        """;

    [Fact]
    public async Task Timers_due_in_sixty_days_or_in_2100_keep_the_server_serving_and_restarting()
    {
        using var temp = new TempDirectory();
        var app = AppVariants.Copy("counter", temp, "far-timer", ("Backend/App.cs", FarTimerApp));
        var store = temp.Sub("store");

        await using (var first = await ServerProcess.StartAsync(store, deploy: app))
        {
            Assert.Equal("5", await first.PostAsync("5"));
            Assert.Equal("7", await first.PostAsync("2"));
            await first.KillAsync();
        }
        await using (var second = await ServerProcess.StartAsync(store))
        {
            Assert.Equal("7", await second.GetAsync());
            Assert.Equal("8", await second.PostAsync("1"));
            Assert.Equal(0, await second.TerminateAsync());
        }
        await using var third = await ServerProcess.StartAsync(store);
        Assert.Equal("8", await third.GetAsync());
        Assert.DoesNotContain("failed after its record was durable", third.Log);
    }
}

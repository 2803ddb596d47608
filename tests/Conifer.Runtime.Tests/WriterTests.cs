using Conifer.Runtime.Tests.Support;
using Conifer.Values;

namespace Conifer.Runtime.Tests;

public class WriterTests
{
    [Fact]
    public async Task A_response_is_held_back_until_its_record_is_durable()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        harness.FileSystem.Close();

        var response = harness.SendAsync("POST", "/", "5");
        var waitedBeforeRelease = await Task.WhenAny(response, Task.Delay(TimeSpan.FromSeconds(1))) != response;
        var blocked = harness.FileSystem.BlockedSyncs;
        harness.FileSystem.Open();

        Assert.True(waitedBeforeRelease, "the response came before its record was durable");
        Assert.True(blocked > 0);
        Assert.Equal("5", (await response).BodyText);
    }

    [Fact]
    public async Task An_event_that_leaves_the_state_unchanged_is_not_logged()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        await harness.PostAsync("13");
        var before = harness.Process.LastSequence;

        Assert.Equal("13", await harness.PostAsync("0"));
        Assert.Equal("13", (await harness.SendAsync("GET", "/")).BodyText);

        Assert.Equal(before, harness.Process.LastSequence);
    }

    [Fact]
    public async Task An_app_exception_answers_500_and_changes_nothing()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        await harness.PostAsync("7");
        var before = harness.Process.LastSequence;

        var response = await harness.SendAsync("POST", "/throw", "1");

        Assert.Equal(500, response.StatusCode);
        Assert.Contains("the app refused", response.BodyText);
        Assert.Equal(before, harness.Process.LastSequence);
        Assert.Equal("8", await harness.PostAsync("1"));
    }

    [Fact]
    public async Task A_handler_that_runs_away_is_stopped_with_500_and_the_writer_goes_on()
    {
        await using var harness = await RuntimeHarness.StartAsync(o => o with { EventTimeLimit = TimeSpan.FromMilliseconds(200) });
        await harness.PostAsync("7");
        var before = harness.Process.LastSequence;

        var spin = await harness.SendAsync("POST", "/spin", "1");
        var recurse = await harness.SendAsync("POST", "/recurse", "1");

        Assert.Equal(500, spin.StatusCode);
        Assert.Contains("longer than its limit of 0.2 s", spin.BodyText);
        Assert.Equal(500, recurse.StatusCode);
        Assert.Contains(nameof(InsufficientExecutionStackException), recurse.BodyText);
        Assert.Equal(before, harness.Process.LastSequence);
        Assert.Equal("8", await harness.PostAsync("1"));
    }

    [Fact]
    public async Task A_request_the_app_never_answers_gets_504_after_the_timeout()
    {
        await using var harness = await RuntimeHarness.StartAsync(o => o with { RequestTimeout = TimeSpan.FromMilliseconds(300) });

        var response = await harness.SendAsync("GET", "/silent");

        Assert.Equal(504, response.StatusCode);
    }

    [Fact]
    public async Task A_full_queue_answers_503_instead_of_growing_without_bound()
    {
        await using var harness = await RuntimeHarness.StartAsync(o => o with { MaxQueuedEvents = 4 });
        harness.FileSystem.Close();
        var pending = new List<Task<Runtime.Public.PublicResponse>> { harness.SendAsync("POST", "/", "1") };
        // A set-state waits for durability under the writer, so the queue behind it fills up.
        var setState = harness.Process.SetStateAsync(new Value.Int(100));
        for (var i = 0; i < 20; i++)
        {
            pending.Add(harness.SendAsync("POST", "/", "1"));
        }
        var refused = pending.Where(t => t.IsCompleted && t.Result.StatusCode == 503).Count();
        harness.FileSystem.Open();
        await Task.WhenAll(pending);
        await setState;

        Assert.True(refused > 0, "no request was refused while the queue was full");
        Assert.All(pending.Select(t => t.Result.StatusCode), status => Assert.True(status is 200 or 503));
    }

    [Fact]
    public async Task A_timer_that_Init_sets_fires_and_survives_a_restart_before_it_does()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        var ticking = Compiler.AppSource.FromTexts([KeyValuePair.Create("Backend/App.cs", """
            namespace Backend;

            public sealed class App : IWebServiceApp<int>
            {
                public static (int State, Commands Commands) Init() => (1, Commands.SetTimer("first", 0));

                public static (int State, Commands Commands) OnHttpRequest(HttpRequestEvent request, int state) =>
                    (state, Commands.Respond(request.Id, 200, state.ToString()));

                public static (int State, Commands Commands) OnTimer(TimerEvent timer, int state) => (state + 100, Commands.None);
            }
            """)]);

        var report = await harness.Process.DeployAsync(ticking, Deploy.DeployMode.Init, dryRun: false);

        Assert.Equal(Reports.DeployOutcome.Committed, report.Outcome);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string state;
        do
        {
            await Task.Delay(50);
            state = (await harness.SendAsync("GET", "/")).BodyText;
        }
        while (state != "101" && DateTime.UtcNow < deadline);
        Assert.Equal("101", state);
        await harness.RestartAsync();
        Assert.Equal("101", (await harness.SendAsync("GET", "/")).BodyText);
    }

    [Fact]
    public async Task State_and_pending_timers_survive_a_restart()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        await harness.PostAsync("5");

        await harness.RestartAsync();

        Assert.Equal("6", await harness.PostAsync("1"));
        Assert.Equal(202, (await harness.SendAsync("GET", "/timer")).StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string state;
        do
        {
            await Task.Delay(50);
            state = (await harness.SendAsync("GET", "/")).BodyText;
        }
        while (state != "1006" && DateTime.UtcNow < deadline);
        Assert.Equal("1006", state);

        await harness.RestartAsync();
        Assert.Equal("1006", (await harness.SendAsync("GET", "/")).BodyText);
    }
}

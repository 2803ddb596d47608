using System.Collections.Concurrent;
using Conifer.App;
using Conifer.Runtime.Log;
using Conifer.Runtime.Public;
using Conifer.Runtime.Writer;
using Microsoft.Extensions.Time.Testing;

namespace Conifer.Runtime.Tests;

/// <summary>Timers due later than a system timer can wait (about 49.7 days) are armed in steps.</summary>
public class TimerStepTests
{
    [Fact]
    public void A_timer_due_in_a_hundred_days_fires_once_when_due_and_not_at_the_first_step()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        var fired = new ConcurrentQueue<LoggedEvent>();
        using var responses = new PendingResponses(TimeSpan.FromMinutes(1));
        using var runner = new CommandRunner(responses, clock, fired.Enqueue);
        var due = clock.GetUtcNow().AddDays(100).ToUnixTimeMilliseconds();

        runner.RunWhenDurable(Task.CompletedTask, Commands.SetTimer("later", due));
        clock.Advance(TimeSpan.FromDays(50));
        var afterFiftyDays = fired.Count;
        clock.Advance(TimeSpan.FromDays(50));

        Assert.Equal(0, afterFiftyDays);
        var timer = Assert.IsType<LoggedEvent.Timer>(Assert.Single(fired));
        Assert.Equal(new TimerEvent("later", due), timer.Event);
        Assert.Equal(0, runner.Failures);
    }

    [Fact]
    public void Timers_at_the_ends_of_the_long_range_are_armed_without_failing()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        var fired = new ConcurrentQueue<LoggedEvent>();
        using var responses = new PendingResponses(TimeSpan.FromMinutes(1));
        using var runner = new CommandRunner(responses, clock, fired.Enqueue);

        runner.RunWhenDurable(Task.CompletedTask, Commands.SetTimer("never", long.MaxValue).And(Commands.SetTimer("long-ago", long.MinValue)));
        clock.Advance(TimeSpan.FromMilliseconds(1));

        var timer = Assert.IsType<LoggedEvent.Timer>(Assert.Single(fired));
        Assert.Equal("long-ago", timer.Event.TimerId);
        Assert.Equal(0, runner.Failures);
    }
}

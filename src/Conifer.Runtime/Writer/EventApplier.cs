using System.Collections.Immutable;
using Conifer.App;
using Conifer.Runtime.Log;

namespace Conifer.Runtime.Writer;

/// <summary>
/// The one state transition for app events, shared by the live writer and by replay, so that a
/// restart reaches exactly the state (and the pending timers) the running process had.
/// </summary>
internal static class EventApplier
{
    public readonly record struct Applied(ProcessState Next, Commands Commands, bool MustLog);

    /// <summary>Applies an event; app exceptions propagate (the caller decides what they mean).</summary>
    public static Applied Apply(ProcessState current, LoggedEvent loggedEvent)
    {
        var app = current.Version?.App ?? throw new InvalidOperationException("No app is deployed.");
        var timers = current.Timers;
        var (state, commands) = loggedEvent switch
        {
            LoggedEvent.HttpRequest request => app.OnHttpRequest(request.Event, current.State!),
            LoggedEvent.Timer timer => app.OnTimer(timer.Event, current.State!),
            LoggedEvent.HttpResponse response => app.OnHttpResponse(response.Event, current.State!),
            _ => throw new InvalidOperationException($"{nameof(EventApplier)}.{nameof(Apply)}: unhandled event {loggedEvent.GetType().Name}."),
        };
        if (loggedEvent is LoggedEvent.Timer fired)
        {
            timers = timers.Remove(fired.Event.TimerId);
        }
        timers = WithTimerCommands(timers, commands);
        // Events that change neither the state nor the timers are not logged (they cost no I/O);
        // timer events always are, so that replay removes the timers that fired.
        var mustLog = !SameState(state, current.State) || !ReferenceEquals(timers, current.Timers) || loggedEvent is LoggedEvent.Timer;
        return new Applied(mustLog ? current with { State = state, Timers = timers } : current, commands, mustLog);
    }

    // Boxed primitives and strings come back as new references even when unchanged; comparing
    // them by value keeps a no-op event free. Records are compared by reference only: a deep
    // comparison would cost more than the record it saves.
    private static bool SameState(object? next, object? current) =>
        ReferenceEquals(next, current) || (next is ValueType or string && next.Equals(current));

    /// <summary>The timer table after <paramref name="commands"/> set and cancel timers (events, and a deploy's Init or Migrate).</summary>
    internal static ImmutableSortedDictionary<string, long> WithTimerCommands(ImmutableSortedDictionary<string, long> timers, Commands commands)
    {
        foreach (var command in commands.Items)
        {
            timers = command switch
            {
                Command.SetTimer set => timers.SetItem(set.TimerId, set.AtPosixTimeMilli),
                Command.CancelTimer cancel => timers.Remove(cancel.TimerId),
                _ => timers,
            };
        }
        return timers;
    }
}

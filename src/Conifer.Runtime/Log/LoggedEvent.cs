using Conifer.App;

namespace Conifer.Runtime.Log;

/// <summary>
/// The payload of an app-event log record: the event exactly as the app saw it, so replay after a
/// restart feeds the same input to the same version and reaches the same state. Stored as a
/// tagged value tree (the case name is the tag), never as .NET binary types.
/// </summary>
public abstract record LoggedEvent
{
    private LoggedEvent()
    {
    }

    /// <summary>A public HTTP request.</summary>
    public sealed record HttpRequest(HttpRequestEvent Event) : LoggedEvent;

    /// <summary>A timer fired. Timer events are always logged, so replay rebuilds the pending timers exactly.</summary>
    public sealed record Timer(TimerEvent Event) : LoggedEvent;

    /// <summary>The outcome of an outgoing HTTP request.</summary>
    public sealed record HttpResponse(HttpResponseEvent Event) : LoggedEvent;
}

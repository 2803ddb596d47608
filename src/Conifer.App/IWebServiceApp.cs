namespace Conifer.App;

/// <summary>
/// The contract of a Conifer app: a pure state machine over <typeparamref name="TState"/>.
/// The runtime owns the state; the app only says, for each event, what the next state is
/// and which <see cref="Commands"/> to run once that state is durable.
/// </summary>
/// <remarks>
/// Every member is a deterministic function of its arguments: the runtime replays logged
/// events through these functions after a restart and must reach the same state. Time comes
/// in on the event (<see cref="HttpRequestEvent.PosixTimeMilli"/>), never from a clock.
/// </remarks>
/// <typeparam name="TState">The app's state type: an immutable record tree (see the design contract).</typeparam>
public interface IWebServiceApp<TState>
{
    /// <summary>The state of a freshly deployed app (<c>deploy --init-app-state</c> or an empty store).</summary>
    static abstract (TState State, Commands Commands) Init();

    /// <summary>
    /// Handles one request to the public URL. The response is a <see cref="Commands.Respond(string, int, string)"/>
    /// command naming <see cref="HttpRequestEvent.Id"/>; it is sent only after the returned state is durable.
    /// </summary>
    static abstract (TState State, Commands Commands) OnHttpRequest(HttpRequestEvent request, TState state);

    /// <summary>A timer set with <see cref="Commands.SetTimer"/> fired. The default keeps the state.</summary>
    static virtual (TState State, Commands Commands) OnTimer(TimerEvent timer, TState state) => (state, Commands.None);

    /// <summary>
    /// The response (or failure) of an outgoing request sent with <see cref="Commands.SendHttpRequest"/>.
    /// The default keeps the state.
    /// </summary>
    static virtual (TState State, Commands Commands) OnHttpResponse(HttpResponseEvent response, TState state) => (state, Commands.None);
}

using Conifer.App;

namespace Conifer.Compiler.Loading;

/// <summary>
/// Calls the app's static interface members through the generic constraint, so the JIT binds
/// each call once per version with no reflection per event, and <c>OnTimer</c>/<c>OnHttpResponse</c>
/// resolve to the app's override or the interface default exactly as C# would.
/// Constructed with <see cref="Type.MakeGenericType"/> over the loaded app's types.
/// </summary>
internal sealed class AppInvokers<TApp, TState> : IAppInvokers
    where TApp : IWebServiceApp<TState>
{
    public Func<(object State, Commands Commands)> Init { get; } = static () =>
    {
        using var culture = InvariantCulture.Enter();
        var (state, commands) = TApp.Init();
        return (Box(state), OrNone(commands));
    };

    public Func<HttpRequestEvent, object, (object State, Commands Commands)> OnHttpRequest { get; } = static (request, state) =>
    {
        using var culture = InvariantCulture.Enter();
        var (next, commands) = TApp.OnHttpRequest(request, (TState)state);
        return (Box(next), OrNone(commands));
    };

    public Func<TimerEvent, object, (object State, Commands Commands)> OnTimer { get; } = static (timer, state) =>
    {
        using var culture = InvariantCulture.Enter();
        var (next, commands) = TApp.OnTimer(timer, (TState)state);
        return (Box(next), OrNone(commands));
    };

    public Func<HttpResponseEvent, object, (object State, Commands Commands)> OnHttpResponse { get; } = static (response, state) =>
    {
        using var culture = InvariantCulture.Enter();
        var (next, commands) = TApp.OnHttpResponse(response, (TState)state);
        return (Box(next), OrNone(commands));
    };

    internal static object Box(TState state) =>
        state ?? throw new InvalidOperationException($"The app returned a null {typeof(TState).Name} as its state.");

    internal static Commands OrNone(Commands? commands) => commands ?? Commands.None;
}

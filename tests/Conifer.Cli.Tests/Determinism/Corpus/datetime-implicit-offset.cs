// stops: CNF0206 local time zone: DateTimeOffset.UtcDateTime hands back a DateTime, whose conversion to DateTimeOffset is local
// expect: rejected at the line marked "expect CNF…"
namespace Backend;

public sealed record State(int Count, ImmutableList<string> Log);

public sealed class App : IWebServiceApp<State>
{
    public static (State State, Commands Commands) Init() => (new State(0, []), Commands.None);

    public static (State State, Commands Commands) OnHttpRequest(HttpRequestEvent request, State state)
    {
        var text = Compute(request, state);
        return (state with { Count = state.Count + 1, Log = state.Log.Add(text) }, Commands.Respond(request.Id, 200, text));
    }

    private static string Compute(HttpRequestEvent request, State state)
    {
        DateTimeOffset local = DateTimeOffset.UnixEpoch.UtcDateTime.AddDays(1).ToLocalTime(); // expect CNF0206
        return local.Offset.ToString();
    }
}

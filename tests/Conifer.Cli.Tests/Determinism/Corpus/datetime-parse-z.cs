// stops: CNF0206 local time zone: DateTime.Parse of a Z timestamp converts to local time (DateTime is refused as a type)
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
        return DateTime.Parse("2024-03-10T12:00:00Z").Hour.ToString(); // expect CNF0206
    }
}

// stops: CNF0217 hardware: MultiplyAddEstimate fuses only where the CPU can
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
        return double.MultiplyAddEstimate(0.1, 0.2, 0.3).ToString("R"); // expect CNF0217
    }
}

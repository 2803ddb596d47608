// stops: CNF0219 stack depth: catching InsufficientExecutionStackException observes the stack limit
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
        try
        {
            return Deep(request.BodyText.Length).ToString();
        }
        catch (InsufficientExecutionStackException) // expect CNF0219
        {
            return "too deep";
        }
    }

    private static int Deep(int n) => n <= 0 ? 0 : 1 + Deep(n - 1);
}

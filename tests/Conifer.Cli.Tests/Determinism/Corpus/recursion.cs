// stops: nothing to stop; bounded recursion gives the same result on any stack
// expect: identical states in both environments
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
        return Fib(15 + request.BodyText.Length % 5).ToString();
    }

    private static int Fib(int n) => n < 2 ? n : Fib(n - 1) + Fib(n - 2);
}

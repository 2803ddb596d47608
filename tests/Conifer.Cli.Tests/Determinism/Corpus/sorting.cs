// stops: nothing to stop; sorts are deterministic algorithms; OrderBy is stable
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
        var items = (request.BodyText + " pear apple fig apple kiwi").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        items.Sort(StringComparer.Ordinal);
        var array = items.Select(s => s.Length).ToArray();
        Array.Sort(array);
        return string.Join(",", items.OrderBy(s => s.Length).ThenByDescending(s => s, StringComparer.Ordinal)) + string.Join("", array);
    }
}

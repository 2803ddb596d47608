// stops: nothing to stop; LINQ over ordered immutable collections is deterministic
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
        var sorted = state.Log.Select((s, i) => KeyValuePair.Create(s + i, i)).ToImmutableSortedDictionary();
        return string.Join(",", sorted.Where(kv => kv.Value % 2 == 0).Select(kv => kv.Key).Take(3)) + sorted.Values.Sum();
    }
}

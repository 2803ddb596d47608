// stops: nothing to stop; Dictionary and HashSet enumerate in insertion order, not hash order
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
        var counts = new Dictionary<string, int>();
        foreach (var word in (request.BodyText + " a b c a").Split(' '))
        {
            counts[word] = counts.GetValueOrDefault(word) + 1;
        }
        counts.Remove("b");
        counts["z"] = 1;
        var set = new HashSet<string>(state.Log) { "q", "r" };
        return string.Join(",", counts.Select(kv => kv.Key + "=" + kv.Value)) + "|" + string.Join(",", set);
    }
}

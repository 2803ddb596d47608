// stops: nothing to stop; JSON output depends only on the value and the options (built per call)
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
        var options = new System.Text.Json.JsonSerializerOptions { WriteIndented = false };
        var value = new Payload(request.BodyText, [.. state.Log.Take(2)], ImmutableSortedDictionary.Create<string, double>().Add("half", 0.5));
        var json = System.Text.Json.JsonSerializer.Serialize(value, options);
        return json + System.Text.Json.JsonSerializer.Deserialize<Payload>(json, options)!.Name;
    }

    public sealed record Payload(string Name, ImmutableArray<string> Items, ImmutableSortedDictionary<string, double> Numbers);
}

// stops: nothing to stop; span searches are vectorized but give the same answer with or without vector instructions
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
        var text = (request.BodyText + new string('a', 300) + "needle").AsSpan();
        var builder = new System.Text.StringBuilder();
        builder.Append(text.IndexOf("needle")).Append(',').Append(text.Count('a')).Append(',').Append(text.LastIndexOfAny('n', 'e'));
        return builder.ToString() + string.Concat(request.BodyText.Reverse());
    }
}

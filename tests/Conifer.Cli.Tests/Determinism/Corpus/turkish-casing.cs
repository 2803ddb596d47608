// stops: nothing to stop; app code runs under the invariant culture and Conifer runs with InvariantGlobalization, so tr_TR casing and ordering do not apply
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
        var words = request.BodyText.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(",", words.Select(w => w.ToUpper() + "/" + w.ToLower()).OrderBy(w => w)) + string.Compare("i", "I").ToString();
    }
}

// stops: nothing to stop; regular expressions without a timeout match the same everywhere
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

    private static readonly System.Text.RegularExpressions.Regex Words = new(@"\w+", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static string Compute(HttpRequestEvent request, State state)
    {
        return string.Join("|", Words.Matches(request.BodyText + " héllo wörld").Select(m => m.Value.ToUpperInvariant())) + System.Text.RegularExpressions.Regex.Replace(request.BodyText, "[aeiou]", "*");
    }
}

// stops: nothing to stop; app code runs under the invariant culture, so LANG/LC_ALL do not change ToString or Parse
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
        var x = request.BodyText.Length * 1.5;
        return $"{x} {x:N2} {double.Parse("1.5")} {1234567.891m:C}";
    }
}

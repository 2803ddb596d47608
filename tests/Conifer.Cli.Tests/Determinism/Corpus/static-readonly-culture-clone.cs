// stops: CNF0210 static readonly fields may only hold known-immutable types; a cloned CultureInfo can be changed
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

    private static readonly System.Globalization.CultureInfo Culture = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone(); // expect CNF0210

    private static string Compute(HttpRequestEvent request, State state)
    {
        Culture.NumberFormat.NumberDecimalSeparator = request.BodyText.Length > 2 ? "," : ".";
        return 1.5.ToString(Culture);
    }
}

// stops: nothing to stop; decimal arithmetic is exact and done in software
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
        var amount = 1234.5678m * (request.BodyText.Length + 1);
        var interest = Math.Round(amount * 0.0375m / 12, 2, MidpointRounding.ToEven);
        return $"{amount.ToString(System.Globalization.CultureInfo.InvariantCulture)} {interest:F2} {decimal.Divide(1, 3)}";
    }
}

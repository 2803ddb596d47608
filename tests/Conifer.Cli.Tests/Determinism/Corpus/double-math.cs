// stops: nothing to stop; IEEE double arithmetic and Math.Sqrt are exact; no estimates, no vectors
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
        double sum = 0;
        for (var i = 1; i <= 100 + request.BodyText.Length; i++)
        {
            sum += 1.0 / i + Math.Sqrt(i) * 0.1;
        }
        return sum.ToString("R") + " " + Math.Round(sum, 3).ToString() + " " + state.Log.Sum(s => s.Length * 0.1).ToString("R") + " " + System.Numerics.BigInteger.Pow(3, 80);
    }
}

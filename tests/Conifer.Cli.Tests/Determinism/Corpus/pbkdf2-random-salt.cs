// stops: CNF0202 random: new Rfc2898DeriveBytes(password, saltSize, ...) makes a random salt
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

    private static string Compute(HttpRequestEvent request, State state)
    {
        using var kdf = new System.Security.Cryptography.Rfc2898DeriveBytes(request.BodyText, 16, 1000, System.Security.Cryptography.HashAlgorithmName.SHA256); // expect CNF0202
        return Convert.ToHexString(kdf.GetBytes(16));
    }
}

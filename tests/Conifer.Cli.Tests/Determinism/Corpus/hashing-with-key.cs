// stops: nothing to stop; hashes and HMACs with an explicit key are pure functions
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
        var key = System.Text.Encoding.UTF8.GetBytes("key-" + state.Count);
        var mac = System.Security.Cryptography.HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes(request.BodyText));
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(mac)) + new Guid(System.Security.Cryptography.MD5.HashData(mac));
    }
}

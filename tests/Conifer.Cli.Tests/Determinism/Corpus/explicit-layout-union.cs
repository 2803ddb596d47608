// stops: CNF0211 memory safety: StructLayout(Explicit)/FieldOffset overlap a reference and a number (attributes are allow-listed)
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
        return new Overlap().Address.ToString();
    }
}

[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit)] // expect CNF0211
public struct Overlap
{
    [System.Runtime.InteropServices.FieldOffset(0)] public object Reference;
    [System.Runtime.InteropServices.FieldOffset(0)] public long Address;
}

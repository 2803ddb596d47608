// stops: CNF0215 hash codes may only be combined and returned inside a GetHashCode override, not thrown
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
        return new Key(request.BodyText).GetHashCode() == 0 ? "zero" : "other";
    }
}

public sealed class Key(string name)
{
    public string Name => name;

    public override bool Equals(object? obj) => obj is Key other && other.Name == Name;

    public override int GetHashCode() => throw new InvalidOperationException(Name.GetHashCode().ToString()); // expect CNF0215
}

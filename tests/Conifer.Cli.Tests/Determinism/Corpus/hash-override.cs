// stops: nothing to stop; a GetHashCode override feeds only the hash table; groups come out in first-seen order
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
        var groups = (request.BodyText + " x y x").Split(' ').Select(w => new Word(w)).GroupBy(w => w).Select(g => g.Key.Text + g.Count());
        return string.Join(",", groups.Distinct());
    }

    private sealed record Word(string Text)
    {
        public bool Equals(Word? other) => other is not null && string.Equals(other.Text, Text, StringComparison.OrdinalIgnoreCase);

        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Text);
    }
}

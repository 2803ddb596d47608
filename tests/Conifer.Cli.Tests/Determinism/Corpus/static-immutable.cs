// stops: nothing to stop; static readonly fields of immutable types (ImmutableArray, records, Regex, StringComparer) hold nothing that changes
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

    private static readonly ImmutableArray<string> Names = ["b", "a", "c"];
    private static readonly StringComparer Comparer = StringComparer.OrdinalIgnoreCase;
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(90);

    private static string Compute(HttpRequestEvent request, State state)
    {
        return string.Join(",", Names.Order(Comparer)) + Step.ToString() + Comparer.Equals("A", "a");
    }
}

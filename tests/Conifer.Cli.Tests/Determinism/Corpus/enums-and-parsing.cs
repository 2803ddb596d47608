// stops: nothing to stop; enum names, int.Parse with NumberStyles and DateOnly/TimeOnly formatting are culture-free under the invariant culture
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
        var day = (DayOfWeek)(request.BodyText.Length % 7);
        var hex = int.Parse("ff", System.Globalization.NumberStyles.HexNumber);
        var date = new DateOnly(2024, 3, 10).AddDays(state.Count);
        return $"{day} {Enum.Parse<DayOfWeek>("Monday")} {hex} {date:yyyy-MM-dd} {new TimeOnly(2, 30):HH:mm} {date}";
    }
}

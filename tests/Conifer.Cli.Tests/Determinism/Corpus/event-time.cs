// stops: nothing to stop; times come from the event and carry their offset, so TZ does not change them
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
        var when = DateTimeOffset.FromUnixTimeMilliseconds(request.PosixTimeMilli).ToOffset(TimeSpan.FromHours(2));
        var parsed = DateTimeOffset.ParseExact("2024-03-10T02:30:00+13:45", "yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        return when.ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture) + " " + parsed.UtcDateTimeOffsetText();
    }
}

public static class TimeText
{
    public static string UtcDateTimeOffsetText(this DateTimeOffset value) => value.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}

namespace Backend;

/// <summary>The whole state of the app: kept in memory, persisted on every change, migrated on deploy.</summary>
public sealed record State(ImmutableList<string> Notes);

/// <summary>
/// A note board: POST / adds the request body as a note and answers how many there are; GET / lists
/// the notes, one a line.
/// </summary>
public sealed class App : IWebServiceApp<State>
{
    public static (State State, Commands Commands) Init() => (new State([]), Commands.None);

    public static (State State, Commands Commands) OnHttpRequest(HttpRequestEvent request, State state)
    {
        if (request.Method != "POST")
        {
            return (state, Commands.Respond(request.Id, 200, string.Join("\n", state.Notes)));
        }
        var text = request.BodyText.Trim();
        if (text.Length == 0)
        {
            return (state, Commands.Respond(request.Id, 400, "The body must be the note's text."));
        }
        var next = state with { Notes = state.Notes.Add(text) };
        return (next, Commands.Respond(request.Id, 200, $"{next.Notes.Count} note(s)"));
    }
}

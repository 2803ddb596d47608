namespace Backend;

/// <summary>
/// The counter's successor: the state is text. POST appends "-" and the body; any other method
/// answers the current text. Deployed over the counter, its migration turns 14 into "14".
/// </summary>
public sealed class App : IWebServiceApp<string>
{
    public static (string State, Commands Commands) Init() => ("", Commands.None);

    public static (string State, Commands Commands) OnHttpRequest(HttpRequestEvent request, string state)
    {
        if (request.Method != "POST")
        {
            return (state, Commands.Respond(request.Id, 200, state));
        }
        var next = state + "-" + request.BodyText;
        return (next, Commands.Respond(request.Id, 200, next));
    }
}

namespace Backend;

/// <summary>
/// The smallest app: the state is a plain int. POST adds the integer in the body and answers
/// the new sum; any other method answers the current sum.
/// </summary>
public sealed class App : IWebServiceApp<int>
{
    public static (int State, Commands Commands) Init() => (0, Commands.None);

    public static (int State, Commands Commands) OnHttpRequest(HttpRequestEvent request, int state)
    {
        if (request.Method != "POST")
        {
            return (state, Commands.Respond(request.Id, 200, state.ToString()));
        }
        if (!int.TryParse(request.BodyText.Trim(), out var addend))
        {
            return (state, Commands.Respond(request.Id, 400, "The body must be an integer."));
        }
        var sum = state + addend;
        return (sum, Commands.Respond(request.Id, 200, sum.ToString()));
    }
}

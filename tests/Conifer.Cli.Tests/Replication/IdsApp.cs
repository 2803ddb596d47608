namespace Conifer.Cli.Tests.Replication;

/// <summary>
/// The app the fault catalogue runs: a POST appends its body (a unique id) to a list, a GET lists the ids. A list,
/// not a set, so that an id applied twice (a batch committed twice, a record replayed twice) shows as a duplicate.
/// </summary>
internal static class IdsApp
{
    /// <summary>Writes the app into <paramref name="folder"/>; <paramref name="reply"/> is what a POST answers, so versions differ visibly.</summary>
    public static string WriteTo(string folder, string reply = "ok")
    {
        Directory.CreateDirectory(Path.Combine(folder, "Backend"));
        File.WriteAllText(Path.Combine(folder, "Backend", "App.cs"), Source.Replace("\"ok\"", $"\"{reply}\"", StringComparison.Ordinal));
        return folder;
    }

    private const string Source = """
        namespace Backend;

        public sealed class App : IWebServiceApp<ImmutableList<string>>
        {
            public static (ImmutableList<string> State, Commands Commands) Init() => (ImmutableList<string>.Empty, Commands.None);

            public static (ImmutableList<string> State, Commands Commands) OnHttpRequest(HttpRequestEvent request, ImmutableList<string> state)
            {
                if (request.Method == "POST")
                {
                    return (state.Add(request.BodyText), Commands.Respond(request.Id, 200, "ok"));
                }
                return (state, Commands.Respond(request.Id, 200, string.Join("\n", state)));
            }
        }
        """;
}

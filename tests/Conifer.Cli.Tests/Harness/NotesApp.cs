namespace Conifer.Cli.Tests.Harness;

/// <summary>
/// A small app in three versions for the version-bound migration tests, written into a test's temp
/// directory: v1 counts posts; v2 also keeps the last body (<c>LastBody</c>); v3 also counts characters.
/// GET answers <c>count:lastBody:chars</c> (the fields a version has).
/// </summary>
public static class NotesApp
{
    public const string V1State = "public sealed record State(int Count);";
    public const string V2State = "public sealed record State(int Count, string LastBody);";
    public const string V3State = "public sealed record State(int Count, string LastBody, int Chars);";

    public static string V1(TempDirectory temp, string name, string greeting = "") => Write(temp, name, V1State, "new State(0)",
        "state with { Count = state.Count + 1 }", $"\"{greeting}\" + state.Count");

    public static string V2(TempDirectory temp, string name) => Write(temp, name, V2State, "new State(0, \"\")",
        "state with { Count = state.Count + 1, LastBody = request.BodyText }", "state.Count + \":\" + state.LastBody");

    public static string V3(TempDirectory temp, string name) => Write(temp, name, V3State, "new State(0, \"\", 0)",
        "state with { Count = state.Count + 1, LastBody = request.BodyText, Chars = state.Chars + request.BodyText.Length }",
        "state.Count + \":\" + state.LastBody + \":\" + state.Chars");

    /// <summary>v2 with the hand-written single-migration layout (no stamp): LastBody starts empty.</summary>
    public static string V2HandWritten(TempDirectory temp, string name)
    {
        var src = V2(temp, name);
        File.WriteAllText(Path.Combine(src, "Backend", "Prev", "State.cs").CreatingFolder(), "namespace Backend.Prev;\n\n" + V1State + "\n");
        File.WriteAllText(Path.Combine(src, "Backend", "MigrateState.cs"), """
            namespace Backend;

            public static class MigrateState
            {
                public static (State, Commands) Migrate(Prev.State previous) => (new State(previous.Count, ""), Commands.None);
            }
            """);
        return src;
    }

    /// <summary>Replaces every scaffold decision in <paramref name="src"/>'s newest step with <paramref name="expression"/>.</summary>
    public static void Decide(string src, string decision, string expression)
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(src, "Backend", "Migrations"), "MigrateState.cs", SearchOption.AllDirectories))
        {
            var pattern = "MigrationDecision\\.Required<[^>]+>\\(\"" + System.Text.RegularExpressions.Regex.Escape(decision) + "\"\\)";
            File.WriteAllText(file, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(file), pattern, expression.Replace("$", "$$", StringComparison.Ordinal)));
        }
    }

    private static string CreatingFolder(this string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    private static string Write(TempDirectory temp, string name, string state, string init, string update, string show)
    {
        var src = temp.Sub(name);
        File.WriteAllText(Path.Combine(src, "Backend", "State.cs").CreatingFolder(), "namespace Backend;\n\n" + state + "\n");
        File.WriteAllText(Path.Combine(src, "Backend", "App.cs"), $$"""
            namespace Backend;

            public sealed class App : IWebServiceApp<State>
            {
                public static (State State, Commands Commands) Init() => ({{init}}, Commands.None);

                public static (State State, Commands Commands) OnHttpRequest(HttpRequestEvent request, State state)
                {
                    state = request.Method == "POST" ? {{update}} : state;
                    return (state, Commands.Respond(request.Id, 200, {{show}}));
                }
            }
            """);
        return src;
    }
}

using Conifer.Compiler;

namespace Conifer.Benchmarks.Runtime;

/// <summary>App sources the runtime benchmarks deploy.</summary>
public static class BenchApps
{
    public static AppSource Counter { get; } = AppSource.FromTexts([KeyValuePair.Create("Backend/App.cs", """
        namespace Backend;

        public sealed class App : IWebServiceApp<int>
        {
            public static (int State, Commands Commands) Init() => (0, Commands.None);

            public static (int State, Commands Commands) OnHttpRequest(HttpRequestEvent request, int state)
            {
                var next = state + int.Parse(request.BodyText);
                return (next, Commands.Respond(request.Id, 200, next.ToString()));
            }
        }
        """)]);

    private const string StateTypes = """
        public sealed record Item(int Id, string Name, ImmutableArray<string> Tags, bool Active);

        public sealed record State(ImmutableArray<Item> Items);
        """;

    /// <summary>A 1,000,000-record state with a field-copying (identity) migration from an equal Prev.</summary>
    public static AppSource Million { get; } = AppSource.FromTexts(
    [
        KeyValuePair.Create("Backend/State.cs", "namespace Backend;\n\n" + StateTypes),
        KeyValuePair.Create("Backend/Prev/State.cs", "namespace Backend.Prev;\n\n" + StateTypes),
        KeyValuePair.Create("Backend/App.cs", """
            namespace Backend;

            public sealed class App : IWebServiceApp<State>
            {
                public static (State State, Commands Commands) Init() =>
                    (new State([.. Enumerable.Range(0, 1_000_000).Select(i => new Item(i, "user-" + (i % 100_000), ["t" + (i % 7), "g" + (i % 13)], i % 3 == 0))]), Commands.None);

                public static (State State, Commands Commands) OnHttpRequest(HttpRequestEvent request, State state) =>
                    (state, Commands.Respond(request.Id, 200, state.Items.Length.ToString()));
            }
            """),
        KeyValuePair.Create("Backend/MigrateState.cs", """
            namespace Backend;

            public static class MigrateState
            {
                public static (State, Commands) Migrate(Prev.State previous) =>
                    (new State([.. previous.Items.Select(i => new Item(i.Id, i.Name, i.Tags, i.Active))]), Commands.None);
            }
            """),
    ]);
}

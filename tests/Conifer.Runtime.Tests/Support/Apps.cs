using Conifer.Compiler;

namespace Conifer.Runtime.Tests.Support;

/// <summary>Small apps written inline for runtime tests.</summary>
public static class Apps
{
    public static AppSource Counter { get; } = AppSource.FromTexts([KeyValuePair.Create("Backend/App.cs", """
        namespace Backend;

        public sealed class App : IWebServiceApp<int>
        {
            public static (int State, Commands Commands) Init() => (0, Commands.None);

            public static (int State, Commands Commands) OnHttpRequest(HttpRequestEvent request, int state)
            {
                if (request.Path == "/throw")
                {
                    throw new InvalidOperationException("the app refused");
                }
                if (request.Path == "/spin")
                {
                    var spins = 0;
                    while (request.Path.Length > 0)
                    {
                        spins++;
                    }
                    return (state + spins, Commands.None);
                }
                if (request.Path == "/recurse")
                {
                    return (Deeper(state), Commands.None);
                }
                if (request.Path == "/silent")
                {
                    return (state, Commands.None);
                }
                if (request.Path == "/timer")
                {
                    return (state, Commands.SetTimer("tick", request.PosixTimeMilli + 50).And(Commands.Respond(request.Id, 202, "set")));
                }
                var next = request.Method == "POST" ? state + int.Parse(request.BodyText) : state;
                return (next, Commands.Respond(request.Id, 200, next.ToString()));
            }

            public static (int State, Commands Commands) OnTimer(TimerEvent timer, int state) => (state + 1000, Commands.None);

            private static int Deeper(int n) => Deeper(n + 1) + 1;
        }
        """)]);

    /// <summary>The counter's successor: text state, POST appends "-" and the body; migrates the int to its digits.</summary>
    /// <summary>The counter under another version id (one more file), for a deploy that must migrate rather than find its version already running.</summary>
    public static AppSource CounterAgain { get; } = Counter.With([KeyValuePair.Create("Backend/Again.cs", "namespace Backend;\n\n// The same counter, deployed as a new version.\n")]);

    public static AppSource CounterText { get; } = AppSource.FromTexts([
        KeyValuePair.Create("Backend/App.cs", """
            namespace Backend;

            public sealed class App : IWebServiceApp<string>
            {
                public static (string State, Commands Commands) Init() => ("", Commands.None);

                public static (string State, Commands Commands) OnHttpRequest(HttpRequestEvent request, string state)
                {
                    var next = request.Method == "POST" ? state + "-" + request.BodyText : state;
                    return (next, Commands.Respond(request.Id, 200, next));
                }
            }
            """),
        KeyValuePair.Create("Backend/MigrateState.cs", """
            namespace Backend;

            public static class MigrateState
            {
                public static (string, Commands) Migrate(int previous) => (previous.ToString(), Commands.None);
            }
            """)]);

    /// <summary>Accounts with minutes: a record state for scripts that read and change app types. POST "name minutes".</summary>
    public static AppSource Ledger { get; } = AppSource.FromTexts([KeyValuePair.Create("Backend/App.cs", """
        namespace Backend;

        public sealed record Account(string Name, int Minutes, bool Active);

        public sealed record State(ImmutableSortedDictionary<string, Account> Accounts, int Bookings)
        {
            public int TotalMinutes => Accounts.Values.Sum(a => a.Minutes);
        }

        public sealed class App : IWebServiceApp<State>
        {
            public static (State State, Commands Commands) Init() => (new State(ImmutableSortedDictionary<string, Account>.Empty, 0), Commands.None);

            public static (State State, Commands Commands) OnHttpRequest(HttpRequestEvent request, State state)
            {
                if (request.Method != "POST")
                {
                    return (state, Commands.Respond(request.Id, 200, $"{state.Bookings} {state.TotalMinutes}"));
                }
                var parts = request.BodyText.Split(' ');
                var minutes = int.Parse(parts[1]);
                var account = state.Accounts.TryGetValue(parts[0], out var found)
                    ? found with { Minutes = found.Minutes + minutes }
                    : new Account(parts[0], minutes, Active: true);
                var next = new State(state.Accounts.SetItem(parts[0], account), state.Bookings + 1);
                return (next, Commands.Respond(request.Id, 200, $"{next.Bookings} {next.TotalMinutes}"));
            }
        }
        """)]);
}

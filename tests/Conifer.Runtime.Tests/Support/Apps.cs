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
}

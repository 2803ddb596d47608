namespace Conifer.Compiler.Tests;

[Collection(CompilerCollection.Name)]
public sealed class LoadedAppTests
{
    private const string ThrowingApp = """
        namespace Backend;

        public sealed record State(int Count);

        public sealed class App : IWebServiceApp<State>
        {
            public static (State State, Commands Commands) Init() => (new State(0), Commands.None);

            public static (State State, Commands Commands) OnHttpRequest(HttpRequestEvent request, State state) =>
                request.Method == "NULL" ? (null!, Commands.None) : throw new InvalidOperationException("boom " + request.Path);
        }

        public static class AdminFunctions
        {
            public static State Fail(State state, string why) => throw new ArgumentException(why);
        }
        """;

    [Fact]
    public void An_exception_from_app_code_passes_through_unchanged()
    {
        var app = TestApps.Compiles(TestApps.Source(("Backend/App.cs", ThrowingApp))).App.Load();
        var state = app.Init().State;

        var e = Assert.Throws<InvalidOperationException>(() => app.OnHttpRequest(TestApps.Request("POST", ""), state));
        Assert.Equal("boom /", e.Message);
        var admin = Assert.Throws<ArgumentException>(() => app.AdminFunctions.Single().Invoke(state, ["why not"]));
        Assert.Equal("why not", admin.Message);
        app.Unload();
    }

    [Fact]
    public void A_null_state_from_app_code_is_an_error_naming_the_state_type()
    {
        var app = TestApps.Compiles(TestApps.Source(("Backend/App.cs", ThrowingApp))).App.Load();
        var e = Assert.Throws<InvalidOperationException>(() => app.OnHttpRequest(TestApps.Request("NULL", ""), app.Init().State));
        Assert.Contains("null State", e.Message, StringComparison.Ordinal);
        app.Unload();
    }

    [Fact]
    public void An_admin_call_with_the_wrong_argument_count_is_rejected()
    {
        var app = TestApps.Compiles(TestApps.Source(("Backend/App.cs", ThrowingApp))).App.Load();
        var e = Assert.Throws<ArgumentException>(() => app.AdminFunctions.Single().Invoke(app.Init().State, []));
        Assert.Contains("takes 1 argument(s), got 0", e.Message, StringComparison.Ordinal);
        app.Unload();
    }

    [Fact]
    public void App_code_shares_the_hosts_sdk_types()
    {
        var app = TestApps.Compiles(AppSource.FromDirectory(TestApps.SampleFolder(TestApps.Counter))).App.Load();
        var contract = app.Assembly.GetType("Backend.App")!.GetInterfaces().Single();
        Assert.Same(typeof(Conifer.App.IWebServiceApp<int>), contract);
        Assert.True(System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(app.Assembly)!.IsCollectible);
        app.Unload();
    }
}

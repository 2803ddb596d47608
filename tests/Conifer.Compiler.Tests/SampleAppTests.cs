using System.Globalization;

namespace Conifer.Compiler.Tests;

[Collection(CompilerCollection.Name)]
public sealed class SampleAppTests
{
    [Fact]
    public void Counter_compiles_and_adds_posted_integers()
    {
        var app = TestApps.Compiles(AppSource.FromDirectory(TestApps.SampleFolder(TestApps.Counter))).App.Load();
        try
        {
            Assert.Equal(typeof(int), app.StateType);
            Assert.Null(app.Migrate);
            Assert.Equal("Backend.App", app.Shape.AppTypeName);
            Assert.Equal("System.Int32", app.Shape.StateTypeName);
            Assert.False(app.Shape.HasOnTimer);

            var (state, _) = app.Init();
            (state, var commands) = app.OnHttpRequest(TestApps.Request("POST", "14"), state);
            Assert.Equal("14", TestApps.ResponseText(commands));
            (state, commands) = app.OnHttpRequest(TestApps.Request("GET", ""), state);
            Assert.Equal(14, state);
            Assert.Equal("14", TestApps.ResponseText(commands));
        }
        finally
        {
            app.Unload();
        }
    }

    [Fact]
    public void Counter_text_migrates_the_counters_int_and_appends_posted_text()
    {
        var app = TestApps.Compiles(AppSource.FromDirectory(TestApps.SampleFolder(TestApps.CounterText))).App.Load();
        try
        {
            Assert.Equal(typeof(string), app.StateType);
            Assert.Equal(typeof(int), app.PrevStateType);
            Assert.Equal("System.Int32", app.Shape.Migration!.PrevStateTypeName);

            var (state, commands) = app.Migrate!(14);
            Assert.Equal("14", state);
            Assert.True(commands.IsEmpty);
            (state, commands) = app.OnHttpRequest(TestApps.Request("POST", "a"), state);
            Assert.Equal("14-a", TestApps.ResponseText(commands));
        }
        finally
        {
            app.Unload();
        }
    }

    [Fact]
    public void Counter_bad_migration_compiles_and_declares_a_text_previous_state()
    {
        var app = TestApps.Compiles(AppSource.FromDirectory(TestApps.SampleFolder(TestApps.CounterBadMigration))).App.Load();
        Assert.Equal(typeof(string), app.PrevStateType);
        app.Unload();
    }

    [Fact]
    public void Timer_and_response_defaults_keep_the_state()
    {
        var app = TestApps.Compiles(AppSource.FromDirectory(TestApps.SampleFolder(TestApps.Counter))).App.Load();
        var (state, commands) = app.OnTimer(new Conifer.App.TimerEvent("t", 1), 5);
        Assert.Equal(5, state);
        Assert.True(commands.IsEmpty);
        (state, _) = app.OnHttpResponse(new Conifer.App.HttpResponseEvent("o", 1, 200, [], [], null), 6);
        Assert.Equal(6, state);
        app.Unload();
    }

    [Fact]
    public void App_code_runs_under_the_invariant_culture_whatever_the_thread_culture()
    {
        var source = TestApps.Source(("Backend/App.cs", """
            namespace Backend;

            public sealed class App : IWebServiceApp<string>
            {
                public static (string State, Commands Commands) Init() => ((1.5).ToString(), Commands.None);

                public static (string State, Commands Commands) OnHttpRequest(HttpRequestEvent request, string state) =>
                    (state, Commands.None);
            }
            """));
        var app = TestApps.Compiles(source).App.Load();
        var before = CultureInfo.CurrentCulture;
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        CultureInfo.CurrentCulture = comma;
        try
        {
            Assert.Equal("1,5", (1.5).ToString(CultureInfo.CurrentCulture));
            Assert.Equal("1.5", app.Init().State);
            Assert.Same(comma, CultureInfo.CurrentCulture);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
            app.Unload();
        }
    }
}

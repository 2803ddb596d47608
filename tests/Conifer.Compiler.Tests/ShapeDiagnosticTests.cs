namespace Conifer.Compiler.Tests;

[Collection(CompilerCollection.Name)]
public sealed class ShapeDiagnosticTests
{
    private static AppSource WithMigrate(string migrate, string prev = "namespace Backend.Prev;\n\npublic sealed record State(int Count);\n") =>
        TestApps.Source(
            ("Backend/App.cs", TestApps.AppFile()),
            ("Backend/State.cs", TestApps.CountState),
            ("Backend/Prev/State.cs", prev),
            ("Backend/MigrateState.cs", "namespace Backend;\n\npublic static class MigrateState\n{\n" + migrate + "\n}\n"));

    [Fact]
    public void No_app_class_is_reported_at_the_start_of_the_first_file()
    {
        var source = TestApps.Source(("Backend/State.cs", TestApps.CountState));
        var diagnostic = Assert.Single(TestApps.Fails(source));
        Assert.Equal("Backend/State.cs:1:1: error CNF0100: no class implements IWebServiceApp<TState> (add a class App : IWebServiceApp<State> with static Init and OnHttpRequest)", diagnostic.ToString());
    }

    [Fact]
    public void Two_app_classes_are_reported_at_the_second()
    {
        var second = TestApps.AppFile().Replace("class App", "class App2", StringComparison.Ordinal);
        var source = TestApps.Source(("Backend/App.cs", TestApps.AppFile()), ("Backend/App2.cs", second), ("Backend/State.cs", TestApps.CountState));
        TestApps.FailsAt(source, "CNF0101", "Backend/App2.cs", "App2", "found 2: Backend.App, Backend.App2");
    }

    [Fact]
    public void Migrate_with_a_wrong_name_is_reported_at_the_class()
    {
        var source = WithMigrate("    public static (State, Commands) Migration(Prev.State previous) => (new State(previous.Count), Commands.None);");
        TestApps.FailsAt(source, "CNF0110", "Backend/MigrateState.cs", "MigrateState", "has no method Migrate (found: Migration)");
    }

    [Fact]
    public void Migrate_with_two_parameters_is_reported_at_the_method()
    {
        var source = WithMigrate("    public static (State, Commands) Migrate(Prev.State previous, int extra) => (new State(previous.Count), Commands.None);");
        TestApps.FailsAt(source, "CNF0111", "Backend/MigrateState.cs", "Migrate(", "takes exactly one parameter, the previous state; it declares 2");
    }

    [Fact]
    public void Migrate_with_a_non_state_parameter_is_reported_at_the_parameter_type()
    {
        var source = WithMigrate("    public static (State, Commands) Migrate(object previous) => (new State(0), Commands.None);");
        TestApps.FailsAt(source, "CNF0112", "Backend/MigrateState.cs", "object previous", "object is not a state type");
    }

    [Fact]
    public void Migrate_returning_only_the_state_is_reported_at_the_return_type()
    {
        var source = WithMigrate("    public static State Migrate(Prev.State previous) => new State(previous.Count);");
        TestApps.FailsAt(source, "CNF0113", "Backend/MigrateState.cs", "State Migrate", "must return (Backend.State, Commands)");
    }

    [Fact]
    public void Migrate_returning_another_state_type_is_reported()
    {
        var source = WithMigrate("    public static (Prev.State, Commands) Migrate(Prev.State previous) => (previous, Commands.None);");
        TestApps.FailsAt(source, "CNF0113", "Backend/MigrateState.cs", "(Prev.State, Commands) Migrate", "it returns (Backend.Prev.State, Conifer.App.Commands)");
    }

    [Fact]
    public void Migrate_that_is_not_static_is_reported()
    {
        var source = TestApps.Source(
            ("Backend/App.cs", TestApps.AppFile()),
            ("Backend/State.cs", TestApps.CountState),
            ("Backend/MigrateState.cs", "namespace Backend;\n\npublic sealed class MigrateState\n{\n    public (State, Commands) Migrate(int previous) => (new State(previous), Commands.None);\n}\n"));
        TestApps.FailsAt(source, "CNF0114", "Backend/MigrateState.cs", "Migrate(", "must be public static");
    }

    [Fact]
    public void A_valid_migration_and_admin_functions_are_discovered()
    {
        var source = WithMigrate("    public static (State, Commands) Migrate(Prev.State previous) => (new State(previous.Count), Commands.None);")
            .With([KeyValuePair.Create("Backend/AdminFunctions.cs", """
                namespace Backend;

                public static class AdminFunctions
                {
                    public static State SetCount(State state, int count) => state with { Count = count };

                    public static int Doubled(State state) => state.Count * 2;
                }
                """)]);
        var app = TestApps.Compiles(source).App.Load();
        Assert.Equal("Backend.Prev.State", app.Shape.Migration!.PrevStateTypeName);
        var (migrated, _) = app.Migrate!(Activator.CreateInstance(app.PrevStateType!, 7)!);
        Assert.Equal(7, (int)app.StateType.GetProperty("Count")!.GetValue(migrated)!);

        var set = app.AdminFunctions.Single(f => f.Name == "SetCount");
        Assert.True(set.IsUpdate);
        Assert.Equal(typeof(int), Assert.Single(set.ArgumentTypes));
        var updated = set.Invoke(migrated, [42])!;
        Assert.Equal(42, (int)app.StateType.GetProperty("Count")!.GetValue(updated)!);
        var read = app.AdminFunctions.Single(f => f.Name == "Doubled");
        Assert.False(read.IsUpdate);
        Assert.Equal(84, read.Invoke(updated, []));
        app.Unload();
    }

    [Fact]
    public void Only_the_parameter_named_state_receives_the_state_when_an_argument_has_the_same_type()
    {
        var source = TestApps.Source(
            ("Backend/App.cs", TestApps.AppFile("int", "0")),
            ("Backend/AdminFunctions.cs", """
                namespace Backend;

                public static class AdminFunctions
                {
                    public static int Add(int amount, int state) => state + amount;
                }
                """));
        var app = TestApps.Compiles(source).App.Load();
        var add = Assert.Single(app.AdminFunctions);
        Assert.Equal([false, true], add.Shape.Parameters.Select(p => p.IsState));
        Assert.Equal(typeof(int), Assert.Single(add.ArgumentTypes));
        Assert.Equal(12, add.Invoke(5, [7]));
        app.Unload();
    }

    [Fact]
    public void Admin_function_returning_void_is_reported()
    {
        var source = TestApps.WithFile("namespace Backend;\n\npublic static class AdminFunctions\n{\n    public static void Reset(State state) { }\n}\n", "Backend/AdminFunctions.cs");
        TestApps.FailsAt(source, "CNF0121", "Backend/AdminFunctions.cs", "void", "returns void");
    }

    [Fact]
    public void Admin_function_with_a_non_state_parameter_is_reported()
    {
        var source = TestApps.WithFile("namespace Backend;\n\npublic static class AdminFunctions\n{\n    public static State Set(State state, Func<int> count) => state;\n}\n", "Backend/AdminFunctions.cs");
        TestApps.FailsAt(source, "CNF0120", "Backend/AdminFunctions.cs", "Func<int>", "parameter count of admin function Set");
    }

    [Fact]
    public void Admin_function_with_a_mutable_parameter_is_reported_by_the_state_rules()
    {
        var source = TestApps.WithFile("namespace Backend;\n\npublic static class AdminFunctions\n{\n    public static State Set(State state, List<int> counts) => state;\n}\n", "Backend/AdminFunctions.cs");
        TestApps.FailsAt(source, "CNF0302", "Backend/AdminFunctions.cs", "List<int>", "is a mutable or abstract collection");
    }

    [Fact]
    public void Overridden_timer_and_response_handlers_are_discovered()
    {
        var source = TestApps.Source(("Backend/App.cs", """
            namespace Backend;

            public sealed class App : IWebServiceApp<State>
            {
                public static (State State, Commands Commands) Init() => (new State(0), Commands.None);

                public static (State State, Commands Commands) OnHttpRequest(HttpRequestEvent request, State state) => (state, Commands.None);

                public static (State State, Commands Commands) OnTimer(TimerEvent timer, State state) => (state with { Count = state.Count + 1 }, Commands.None);
            }
            """), ("Backend/State.cs", TestApps.CountState));
        var loaded = TestApps.Compiles(source).App.Load();
        Assert.True(loaded.Shape.HasOnTimer);
        Assert.False(loaded.Shape.HasOnHttpResponse);
        var (state, _) = loaded.OnTimer(new Conifer.App.TimerEvent("t", 1), loaded.Init().State);
        Assert.Equal(1, (int)loaded.StateType.GetProperty("Count")!.GetValue(state)!);
        loaded.Unload();
    }

    [Fact]
    public void A_generic_app_class_is_reported()
    {
        var generic = TestApps.AppFile().Replace("class App :", "class App<T> :", StringComparison.Ordinal);
        TestApps.FailsAt(TestApps.Source(("Backend/App.cs", generic), ("Backend/State.cs", TestApps.CountState)), "CNF0102", "Backend/App.cs", "App<T>", "must not be generic");
    }

    [Fact]
    public void An_overloaded_Migrate_is_reported_at_the_second()
    {
        var source = WithMigrate("    public static (State, Commands) Migrate(Prev.State previous) => (new State(previous.Count), Commands.None);\n\n    public static (State, Commands) Migrate(int previous) => (new State(previous), Commands.None);");
        TestApps.FailsAt(source, "CNF0115", "Backend/MigrateState.cs", "Migrate(int", "declares 2 methods named Migrate");
    }

    [Fact]
    public void A_generic_admin_function_is_reported()
    {
        var source = TestApps.WithFile("namespace Backend;\n\npublic static class AdminFunctions\n{\n    public static State Set<T>(State state) => state;\n}\n", "Backend/AdminFunctions.cs");
        TestApps.FailsAt(source, "CNF0122", "Backend/AdminFunctions.cs", "Set<T>", "must not be generic");
    }

    [Fact]
    public void An_overloaded_admin_function_is_reported()
    {
        var source = TestApps.WithFile("namespace Backend;\n\npublic static class AdminFunctions\n{\n    public static State Set(State state) => state;\n\n    public static State Set(State state, int count) => state with { Count = count };\n}\n", "Backend/AdminFunctions.cs");
        var diagnostics = TestApps.Fails(source).Where(d => d.Id == "CNF0123").ToList();
        Assert.Equal([(5, 25), (7, 25)], diagnostics.Select(d => (d.Line, d.Column)));
        Assert.All(diagnostics, d => Assert.Contains("admin function Set is overloaded", d.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void An_admin_function_returning_a_non_state_type_is_reported()
    {
        var source = TestApps.WithFile("namespace Backend;\n\npublic static class AdminFunctions\n{\n    public static Func<int> Count(State state) => () => state.Count;\n}\n", "Backend/AdminFunctions.cs");
        TestApps.FailsAt(source, "CNF0124", "Backend/AdminFunctions.cs", "Func<int>", "returns System.Func<int>, which is not a state-shaped type");
    }

    [Fact]
    public void A_syntax_error_in_the_app_class_reports_the_csharp_error_only()
    {
        var broken = TestApps.AppFile().Replace("public static (State State, Commands Commands) Init()", "public static (State State, Commands Commands) Init(", StringComparison.Ordinal);
        var diagnostics = TestApps.Fails(TestApps.Source(("Backend/App.cs", broken), ("Backend/State.cs", TestApps.CountState)));
        Assert.DoesNotContain(diagnostics, d => d.Id == "CNF0100");
        Assert.Contains(diagnostics, d => d.Id.StartsWith("CS", StringComparison.Ordinal));
    }

    [Fact]
    public void A_csharp_error_is_reported_with_its_position()
    {
        var source = TestApps.WithFile("namespace Backend;\n\npublic static class Broken\n{\n    public static int F() => undefinedName;\n}\n");
        var diagnostic = TestApps.Fails(source).Single(d => d.Id == "CS0103");
        Assert.Equal(("Backend/Extra.cs", 5, 30), (diagnostic.File, diagnostic.Line, diagnostic.Column));
        Assert.StartsWith("Backend/Extra.cs:5:30: error CS0103: The name 'undefinedName' does not exist", diagnostic.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_admin_function_whose_state_parameter_kept_the_previous_type_is_reported_at_that_parameter()
    {
        var source = WithMigrate("    public static (State, Commands) Migrate(Prev.State previous) => (new State(previous.Count), Commands.None);")
            .With([KeyValuePair.Create("Backend/AdminFunctions.cs", """
                namespace Backend;

                public static class AdminFunctions
                {
                    public static Prev.State Reset(Prev.State state) => state with { Count = 0 };
                }
                """)]);

        TestApps.FailsAt(source, "CNF0125", "Backend/AdminFunctions.cs", "Prev.State state", "takes its 'state' as Backend.Prev.State, not the app's State Backend.State");
    }

    [Fact]
    public void An_admin_function_returning_a_previous_type_is_reported_at_its_return_type()
    {
        var source = WithMigrate("    public static (State, Commands) Migrate(Prev.State previous) => (new State(previous.Count), Commands.None);")
            .With([KeyValuePair.Create("Backend/AdminFunctions.cs", """
                namespace Backend;

                public static class AdminFunctions
                {
                    public static ImmutableArray<Prev.State> Old(State state) => [];
                }
                """)]);

        TestApps.FailsAt(source, "CNF0125", "Backend/AdminFunctions.cs", "ImmutableArray<Prev.State>", "a previous version's type kept for a migration");
    }
}

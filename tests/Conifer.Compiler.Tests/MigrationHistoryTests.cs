using System.Diagnostics;

namespace Conifer.Compiler.Tests;

[Collection(CompilerCollection.Name)]
public sealed class MigrationHistoryTests
{
    private static readonly string VersionA = new('a', 64);
    private static readonly string VersionB = new('b', 64);

    private static string Step(string name, string fromVersion, string prevState, string next, string body) => $$"""
        using Next = {{next}};

        namespace Backend.Migrations.{{name}};

        {{prevState}}

        [MigratesFrom("{{fromVersion}}")]
        public static class MigrateState
        {
            public static (Next.State, Commands) Migrate(State previous) => ({{body}}, Commands.None);
        }
        """;

    /// <summary>Version A stored an int count; B a record State(Count); the app now has State(Count, Note).</summary>
    private static AppSource TwoSteps(string firstNext = "Backend.Migrations.V2_bbbbbbbbbbbb") => TestApps.Source(
        ("Backend/App.cs", TestApps.AppFile(init: "new State(0, \"\")")),
        ("Backend/State.cs", "namespace Backend;\n\npublic sealed record State(int Count, string Note);\n"),
        ("Backend/Migrations/V1_aaaaaaaaaaaa/MigrateState.cs", Step("V1_aaaaaaaaaaaa", VersionA, "public sealed record State(int Total);", firstNext, "new Next.State(previous.Total)")),
        ("Backend/Migrations/V2_bbbbbbbbbbbb/MigrateState.cs", Step("V2_bbbbbbbbbbbb", VersionB, "public sealed record State(int Count);", "Backend", "new Next.State(previous.Count, \"migrated\")")));

    [Fact]
    public void The_steps_of_a_history_load_oldest_first_with_their_stamps_and_chain()
    {
        var app = TestApps.Compiles(TwoSteps()).App.Load();
        try
        {
            Assert.Equal(["V1_aaaaaaaaaaaa", "V2_bbbbbbbbbbbb"], app.Migrations.Select(m => m.Shape.Name));
            Assert.Equal([VersionA, VersionB], app.Migrations.Select(m => m.Shape.FromVersionId));
            Assert.Equal("Backend/Migrations/V1_aaaaaaaaaaaa/MigrateState.cs:10", app.Migrations[0].Shape.Location);
            var first = Activator.CreateInstance(app.Migrations[0].PrevStateType, 5)!;
            var (middle, _) = app.Migrations[0].Migrate(first);
            var (last, _) = app.Migrations[1].Migrate(middle);
            Assert.Equal(app.StateType, last.GetType());
            Assert.Equal("State { Count = 5, Note = migrated }", last.ToString());
        }
        finally
        {
            app.Unload();
        }
    }

    [Fact]
    public void A_step_that_does_not_return_what_the_next_step_takes_is_a_diagnostic_at_its_return_type()
    {
        var source = TwoSteps(firstNext: "Backend");

        TestApps.FailsAt(source, "CNF0113", "Backend/Migrations/V1_aaaaaaaaaaaa/MigrateState.cs", "(Next.State, Commands)", "the state type the next migration step takes");
    }

    [Fact]
    public void A_malformed_stamp_is_a_diagnostic_at_the_attribute()
    {
        var source = TestApps.Source(
            ("Backend/App.cs", TestApps.AppFile()),
            ("Backend/State.cs", TestApps.CountState),
            ("Backend/Migrations/V1_x/MigrateState.cs", Step("V1_x", "not-a-version", "public sealed record State(int Count);", "Backend", "new Next.State(previous.Count)")));

        TestApps.FailsAt(source, "CNF0116", "Backend/Migrations/V1_x/MigrateState.cs", "MigratesFrom(", "64 lower-case hex digits");
    }

    [Fact]
    public void The_single_migration_layout_beside_a_history_is_a_diagnostic()
    {
        var source = TwoSteps().With([KeyValuePair.Create("Backend/MigrateState.cs",
            "namespace Backend;\n\npublic static class MigrateState\n{\n    public static (State, Commands) Migrate(int previous) => (new State(previous, \"\"), Commands.None);\n}\n")]);

        TestApps.FailsAt(source, "CNF0117", "Backend/MigrateState.cs", "MigrateState", "cannot both be used");
    }

    [Fact]
    public void A_stack_trace_from_a_users_Migrate_names_their_file_and_line()
    {
        var source = TestApps.Source(
            ("Backend/App.cs", TestApps.AppFile()),
            ("Backend/State.cs", TestApps.CountState),
            ("Backend/MigrateState.cs", """
                namespace Backend;

                public static class MigrateState
                {
                    public static (State, Commands) Migrate(int previous)
                    {
                        var half = previous / 2;
                        if (half > 0)
                        {
                            throw new InvalidOperationException("too big");
                        }
                        return (new State(half), Commands.None);
                    }
                }
                """));
        var app = TestApps.Compiles(source).App.Load();
        try
        {
            var e = Assert.Throws<InvalidOperationException>(() => app.Migrate!(10));

            Assert.True(e.ToString().Contains("in Backend/MigrateState.cs:line 10", StringComparison.Ordinal), e.ToString());
            var frame = new StackTrace(e, fNeedFileInfo: true).GetFrames().First(f => f.GetFileName() is not null);
            Assert.Equal(("Backend/MigrateState.cs", 10), (frame.GetFileName(), frame.GetFileLineNumber()));
        }
        finally
        {
            app.Unload();
        }
    }
}

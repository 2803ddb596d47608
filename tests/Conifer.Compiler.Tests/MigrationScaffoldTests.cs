using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Conifer.Values;

namespace Conifer.Compiler.Tests;

[Collection(CompilerCollection.Name)]
public sealed class MigrationScaffoldTests
{
    private const string OldState = """
        namespace Backend;

        public sealed record State(int Count, string Name, ImmutableArray<User> Users, Shape Shape, Color Color);

        public sealed record User(string Name, int Age);

        public abstract record Shape
        {
            public sealed record Circle(double Radius) : Shape;

            public sealed record Square(double Side) : Shape;
        }

        public enum Color { Red, Green }
        """;

    private const string Init = "new State(default!, default!, [], new Shape.Circle(1), Color.Red)";

    private const string Seed = """
        namespace Backend;

        public static class Seed
        {
            public static Prev.State Make() => new(3, "three", [new Prev.User("ann", 30)], new Prev.Shape.Square(2), Prev.Color.Green);
        }
        """;

    private static AppSource App(string state) =>
        TestApps.Source(("Backend/App.cs", TestApps.AppFile(init: Init)), ("Backend/State.cs", state));

    private static AppSource Apply(AppSource newSource, ScaffoldResult result, params (string Marker, string Replacement)[] fills)
    {
        var generated = Assert.IsType<ScaffoldResult.Generated>(result);
        var files = generated.Files.ToDictionary(f => f.Key, f => f.Value);
        foreach (var (marker, replacement) in fills)
        {
            var pattern = "MigrationDecision\\.Required<[^>]+>\\(\"" + Regex.Escape(marker) + "\"\\)";
            Assert.Matches(pattern, files["Backend/MigrateState.cs"]);
            files["Backend/MigrateState.cs"] = Regex.Replace(files["Backend/MigrateState.cs"], pattern, replacement.Replace("$", "$$", StringComparison.Ordinal));
        }
        return newSource.With(files).With([KeyValuePair.Create("Backend/Seed.cs", Seed)]);
    }

    private static string Migrate(AppSource source, string show)
    {
        var app = TestApps.Compiles(source.With([KeyValuePair.Create("Backend/Show.cs", "namespace Backend;\n\npublic static class Show\n{\n    public static string Of(State s) => " + show + ";\n}\n")])).App.Load();
        try
        {
            var seed = app.Assembly.GetType("Backend.Seed")!.GetMethod("Make")!.Invoke(null, null)!;
            var (state, _) = app.Migrate!(seed);
            return (string)app.Assembly.GetType("Backend.Show")!.GetMethod("Of")!.Invoke(null, [state])!;
        }
        finally
        {
            app.Unload();
        }
    }

    private const string ShowAll = "$\"{s.Count}|{s.Name}|{string.Join(\",\", s.Users.Select(u => u.Name + u.Age))}|{s.Shape}|{s.Color}\"";

    [Fact]
    public void Unchanged_state_scaffolds_a_migration_that_compiles_and_copies_everything()
    {
        var result = MigrationScaffold.FromSource(App(OldState), App(OldState));

        var generated = Assert.IsType<ScaffoldResult.Generated>(result);
        Assert.Empty(generated.Decisions);
        Assert.Equal(["Backend/MigrateState.cs", "Backend/Prev/Color.cs", "Backend/Prev/Shape.cs", "Backend/Prev/State.cs", "Backend/Prev/User.cs"], generated.Files.Keys);
        Assert.Contains("public sealed record State(int Count, string Name, ImmutableArray<User> Users, Shape Shape, Color Color);", generated.Files["Backend/Prev/State.cs"], StringComparison.Ordinal);
        Assert.Equal("3|three|ann30|Square { Side = 2 }|Green", Migrate(Apply(App(OldState), result), ShowAll));
    }

    [Fact]
    public void A_changed_field_type_fails_only_at_its_marked_decision_and_runs_once_filled()
    {
        var changed = OldState.Replace("State(int Count", "State(string Count", StringComparison.Ordinal);
        var result = MigrationScaffold.FromSource(App(changed), App(OldState));

        var generated = Assert.IsType<ScaffoldResult.Generated>(result);
        Assert.Equal(["State.Count: was int, now string"], generated.Decisions.ToArray());
        var unfilled = Apply(App(changed), result);
        var diagnostic = Assert.Single(TestApps.Fails(unfilled));
        Assert.Equal("CNF0400", diagnostic.Id);
        Assert.Equal("Backend/MigrateState.cs", diagnostic.File);
        Assert.Equal("migration decision needed: State.Count: was int, now string", diagnostic.Message);

        var filled = Apply(App(changed), result, ("State.Count: was int, now string", "\"#\" + previous.Count"));
        Assert.Equal("#3|three|ann30|Square { Side = 2 }|Green", Migrate(filled, ShowAll));
    }

    [Fact]
    public void A_renamed_field_is_copied_when_the_rename_map_names_it()
    {
        var renamed = OldState.Replace("string Name, ImmutableArray", "string Title, ImmutableArray", StringComparison.Ordinal);
        var result = MigrationScaffold.FromSource(App(renamed), App(OldState), new Dictionary<string, string> { ["State.Name"] = "Title" });

        Assert.Empty(Assert.IsType<ScaffoldResult.Generated>(result).Decisions);
        Assert.Equal("3|three", Migrate(Apply(App(renamed), result), "$\"{s.Count}|{s.Title}\""));
    }

    [Fact]
    public void A_renamed_field_without_a_rename_is_a_new_field_decision()
    {
        var renamed = OldState.Replace("string Name, ImmutableArray", "string Title, ImmutableArray", StringComparison.Ordinal);
        var result = MigrationScaffold.FromSource(App(renamed), App(OldState));

        var generated = Assert.IsType<ScaffoldResult.Generated>(result);
        Assert.Equal(["State.Title: new field"], generated.Decisions.ToArray());
        Assert.Contains("// dropped: State.Name (string)", generated.Files["Backend/MigrateState.cs"], StringComparison.Ordinal);
        var filled = Apply(App(renamed), result, ("State.Title: new field", "previous.Name.ToUpperInvariant()"));
        Assert.Equal("THREE", Migrate(filled, "s.Title"));
    }

    [Fact]
    public void An_added_union_case_compiles_unchanged()
    {
        var added = OldState.Replace("    public sealed record Square(double Side) : Shape;", "    public sealed record Square(double Side) : Shape;\n\n    public sealed record Triangle(double A, double B, double C) : Shape;", StringComparison.Ordinal);
        var result = MigrationScaffold.FromSource(App(added), App(OldState));

        Assert.Empty(Assert.IsType<ScaffoldResult.Generated>(result).Decisions);
        Assert.Equal("Square { Side = 2 }", Migrate(Apply(App(added), result), "s.Shape.ToString()"));
    }

    [Fact]
    public void A_removed_union_case_is_a_decision()
    {
        var removed = OldState.Replace("    public sealed record Square(double Side) : Shape;", "    public sealed record Dot : Shape;", StringComparison.Ordinal);
        var result = MigrationScaffold.FromSource(App(removed), App(OldState));

        Assert.Equal(["Shape.Square: case removed or renamed"], Assert.IsType<ScaffoldResult.Generated>(result).Decisions.ToArray());
        var filled = Apply(App(removed), result, ("Shape.Square: case removed or renamed", "new Shape.Dot()"));
        Assert.Equal("Dot { }", Migrate(filled, "s.Shape.ToString()"));
    }

    [Fact]
    public void A_removed_record_field_compiles_and_is_dropped()
    {
        var removed = OldState.Replace("record User(string Name, int Age)", "record User(string Name)", StringComparison.Ordinal);
        var result = MigrationScaffold.FromSource(App(removed), App(OldState));

        var generated = Assert.IsType<ScaffoldResult.Generated>(result);
        Assert.Empty(generated.Decisions);
        Assert.Contains("// dropped: User.Age (int)", generated.Files["Backend/MigrateState.cs"], StringComparison.Ordinal);
        Assert.Equal("ann", Migrate(Apply(App(removed), result), "string.Join(\",\", s.Users.Select(u => u.Name))"));
    }

    [Fact]
    public void A_widened_number_and_a_list_kind_change_are_copied()
    {
        var widened = OldState.Replace("record User(string Name, int Age)", "record User(string Name, long Age)", StringComparison.Ordinal)
            .Replace("ImmutableArray<User> Users", "ImmutableList<User> Users", StringComparison.Ordinal);
        var result = MigrationScaffold.FromSource(App(widened), App(OldState));

        Assert.Empty(Assert.IsType<ScaffoldResult.Generated>(result).Decisions);
        Assert.Equal("ann30", Migrate(Apply(App(widened), result), "string.Join(\",\", s.Users.Select(u => u.Name + u.Age))"));
    }

    private static readonly Value StoredOld = new Value.Record(
    [
        new Field("Count", new Value.Int(3)),
        new Field("Name", new Value.String("three")),
        new Field("Users", new Value.List([new Value.Record([new Field("Name", new Value.String("ann")), new Field("Age", new Value.Int(30))])])),
        new Field("Shape", new Value.Tagged("Square", [new Field("Side", new Value.Float(2))])),
        new Field("Color", new Value.Tagged("Green")),
    ]);

    [Fact]
    public void A_stored_tree_of_the_same_state_scaffolds_types_named_like_the_new_ones()
    {
        var result = MigrationScaffold.FromStoredState(App(OldState), StoredOld);

        var generated = Assert.IsType<ScaffoldResult.Generated>(result);
        Assert.Empty(generated.Decisions);
        Assert.Contains("public sealed record State(int Count, string Name, ImmutableArray<User> Users, Shape Shape, Color Color);", generated.Files["Backend/Prev/State.cs"], StringComparison.Ordinal);
        Assert.Contains("public sealed record Square(double Side) : Shape;", generated.Files["Backend/Prev/Shape.cs"], StringComparison.Ordinal);
        Assert.Contains("Green,", generated.Files["Backend/Prev/Color.cs"], StringComparison.Ordinal);
        Assert.Equal("3|three|ann30|Square { Side = 2 }|Green", Migrate(Apply(App(OldState), result), ShowAll));
    }

    [Fact]
    public void A_stored_tree_with_a_changed_field_type_marks_the_decision()
    {
        var changed = OldState.Replace("State(int Count", "State(string Count", StringComparison.Ordinal);
        var result = MigrationScaffold.FromStoredState(App(changed), StoredOld);

        Assert.Equal(["State.Count: was int, now string"], Assert.IsType<ScaffoldResult.Generated>(result).Decisions.ToArray());
        var filled = Apply(App(changed), result, ("State.Count: was int, now string", "previous.Count.ToString()"));
        Assert.Equal("3", Migrate(filled, "s.Count"));
    }

    [Fact]
    public void A_primitive_stored_state_scaffolds_a_migration_without_prev_types()
    {
        var counterText = AppSource.FromDirectory(TestApps.SampleFolder(TestApps.CounterText));
        var result = MigrationScaffold.FromStoredState(counterText, new Value.Int(14));

        var generated = Assert.IsType<ScaffoldResult.Generated>(result);
        Assert.Equal(["Backend/MigrateState.cs"], generated.Files.Keys);
        Assert.Equal(["State: was int, now string"], generated.Decisions.ToArray());
        Assert.Contains("Migrate(int previous)", generated.Files["Backend/MigrateState.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Same_named_types_from_two_namespaces_get_distinct_prev_names()
    {
        const string State = """
            namespace Backend;

            public sealed record State(Backend.Users.Person Owner, Backend.Staff.Person Clerk, Holder.Note Note);

            public static class Holder
            {
                public sealed record Note(string Text);
            }
            """;
        const string People = "namespace Backend.Users { public sealed record Person(string Name); }\nnamespace Backend.Staff { public sealed record Person(int Badge); }\n";
        var source = TestApps.Source(("Backend/App.cs", TestApps.AppFile(init: "new State(new(\"o\"), new(1), new(\"n\"))")), ("Backend/State.cs", State), ("Backend/People.cs", People));

        var generated = Assert.IsType<ScaffoldResult.Generated>(MigrationScaffold.FromSource(source, source));

        Assert.Empty(generated.Decisions);
        Assert.Contains("public sealed record Person2(int Badge);", generated.Files["Backend/Prev/Person2.cs"], StringComparison.Ordinal);
        Assert.Contains("public sealed record Note(string Text);", generated.Files["Backend/Prev/Note.cs"], StringComparison.Ordinal);
        TestApps.Compiles(source.With(generated.Files));
    }

    [Fact]
    public void A_source_without_an_app_fails_with_the_shape_diagnostic()
    {
        var result = MigrationScaffold.FromSource(App(OldState), TestApps.Source(("Backend/State.cs", OldState)));
        var failed = Assert.IsType<ScaffoldResult.Failed>(result);
        Assert.Contains("old source", failed.Message, StringComparison.Ordinal);
        Assert.Equal("CNF0100", Assert.Single(failed.Diagnostics).Id);
    }

    [Fact]
    public void Generated_files_are_the_same_for_the_same_inputs()
    {
        var a = Assert.IsType<ScaffoldResult.Generated>(MigrationScaffold.FromSource(App(OldState), App(OldState)));
        var b = Assert.IsType<ScaffoldResult.Generated>(MigrationScaffold.FromSource(App(OldState), App(OldState)));
        Assert.Equal(a.Files.ToArray(), b.Files.ToArray());
    }
}

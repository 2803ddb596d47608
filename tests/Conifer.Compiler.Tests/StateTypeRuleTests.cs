namespace Conifer.Compiler.Tests;

[Collection(CompilerCollection.Name)]
public sealed class StateTypeRuleTests
{
    private const string File = "Backend/State.cs";

    private static AppSource WithState(string state) =>
        TestApps.Source(("Backend/App.cs", TestApps.AppFile(init: "State.Empty")), (File, "namespace Backend;\n\n" + state));

    private static void Rejects(string state, string id, string at, string messagePart) =>
        TestApps.FailsAt(WithState(state), id, File, at, messagePart);

    [Fact]
    public void A_settable_property_is_rejected_at_the_property() =>
        Rejects("public sealed class State\n{\n    public static State Empty => new();\n    public int Count { get; set; }\n}\n",
            "CNF0300", "Count", "State.Count has a setter");

    [Fact]
    public void A_public_mutable_field_is_rejected() =>
        Rejects("public sealed class State\n{\n    public static State Empty => new();\n    public int Count;\n}\n",
            "CNF0301", "Count;", "State.Count is a mutable field");

    [Fact]
    public void A_list_is_rejected_at_the_member_type() =>
        Rejects("public sealed record State(List<int> Items)\n{\n    public static State Empty => new(new List<int>());\n}\n",
            "CNF0302", "List<int> Items", "State.Items: System.Collections.Generic.List<int> is a mutable or abstract collection");

    [Fact]
    public void An_array_is_rejected() =>
        Rejects("public sealed record State(int[] Items)\n{\n    public static State Empty => new([]);\n}\n",
            "CNF0302", "int[]", "State.Items: int[] is a mutable array");

    [Fact]
    public void A_dictionary_in_a_nested_record_is_rejected_at_that_record() =>
        Rejects("public sealed record State(ImmutableArray<User> Users)\n{\n    public static State Empty => new([]);\n}\n\npublic sealed record User(string Name, Dictionary<string, int> Scores);\n",
            "CNF0302", "Dictionary<string, int>", "User.Scores");

    [Fact]
    public void An_immutable_dictionary_in_state_is_rejected() =>
        Rejects("public sealed record State(ImmutableDictionary<string, int> Scores)\n{\n    public static State Empty => new(ImmutableDictionary<string, int>.Empty);\n}\n",
            "CNF0214", "ImmutableDictionary<string, int> Scores", "hash-code order");

    [Fact]
    public void An_interface_typed_member_is_rejected() =>
        Rejects("public sealed record State(IReadOnlyList<int> Items)\n{\n    public static State Empty => new(ImmutableArray<int>.Empty);\n}\n",
            "CNF0302", "IReadOnlyList<int>", "State.Items");

    [Fact]
    public void An_object_member_is_rejected() =>
        Rejects("public sealed record State(object Anything)\n{\n    public static State Empty => new(1);\n}\n",
            "CNF0303", "object Anything", "State.Anything: object cannot be stored");

    [Fact]
    public void An_unsealed_union_case_is_rejected() =>
        Rejects("public sealed record State(Shape Shape)\n{\n    public static State Empty => new(new Shape.Circle(1));\n}\n\npublic abstract record Shape\n{\n    public record Circle(double Radius) : Shape;\n}\n",
            "CNF0304", "Circle(double", "union case Circle of Shape must be sealed");

    [Fact]
    public void A_non_abstract_base_record_is_rejected() =>
        Rejects("public sealed record State(Shape Shape)\n{\n    public static State Empty => new(new Circle(1));\n}\n\npublic record Shape;\n\npublic sealed record Circle(double Radius) : Shape;\n",
            "CNF0305", "Shape;", "Shape has derived types but is not abstract");

    [Fact]
    public void A_mutable_state_type_argument_is_rejected_at_the_app_class()
    {
        var source = TestApps.Source(("Backend/App.cs", TestApps.AppFile("List<int>", "new List<int>()")));
        TestApps.FailsAt(source, "CNF0302", "Backend/App.cs", "List<int>>", "State: System.Collections.Generic.List<int> is a mutable or abstract collection");
    }

    [Fact]
    public void A_mutable_prev_type_is_rejected()
    {
        var source = TestApps.Source(
            ("Backend/App.cs", TestApps.AppFile()),
            ("Backend/State.cs", TestApps.CountState),
            ("Backend/Prev/State.cs", "namespace Backend.Prev;\n\npublic sealed class State\n{\n    public int Count { get; set; }\n}\n"),
            ("Backend/MigrateState.cs", "namespace Backend;\n\npublic static class MigrateState\n{\n    public static (State, Commands) Migrate(Prev.State previous) => (new State(previous.Count), Commands.None);\n}\n"));
        TestApps.FailsAt(source, "CNF0300", "Backend/Prev/State.cs", "Count", "State.Count has a setter");
    }

    [Fact]
    public void A_rich_immutable_state_compiles()
    {
        var state = """
            public sealed record State(
                int Count,
                long Big,
                double Ratio,
                decimal Money,
                string Name,
                Guid Id,
                DateTimeOffset When,
                bool Flag,
                Color Color,
                int? Maybe,
                string? MaybeName,
                Shape Shape,
                ImmutableArray<User> Users,
                ImmutableList<string> Tags,
                ImmutableSortedSet<string> Roles,
                ImmutableSortedDictionary<string, User> ByName)
            {
                public static State Empty => new(0, 0, 0, 0, "", Guid.Empty, DateTimeOffset.UnixEpoch, false, Color.Red, null, null, new Shape.Dot(), [], [], [], ImmutableSortedDictionary<string, User>.Empty);

                public int Total => Count + Users.Length;
            }

            public enum Color { Red, Green }

            public abstract record Shape
            {
                public sealed record Circle(double Radius) : Shape;

                public sealed record Dot : Shape;
            }

            public sealed class User
            {
                public required string Name { get; init; }

                public ImmutableArray<User> Friends { get; init; } = [];
            }
            """;
        TestApps.Compiles(WithState(state));
    }
}

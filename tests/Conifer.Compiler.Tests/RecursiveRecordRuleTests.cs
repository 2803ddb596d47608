namespace Conifer.Compiler.Tests;

[Collection(CompilerCollection.Name)]
public sealed class RecursiveRecordRuleTests
{
    private const string File = "Backend/Extra.cs";

    [Fact]
    public void A_record_that_holds_itself_is_refused_at_its_name() =>
        TestApps.FailsAt(TestApps.WithFile("""
            namespace Backend;
            public sealed record Link(int Value, Link? Next);
            """), "CNF0306", File, "Link(", "record Link can contain itself (through Link.Next)");

    [Fact]
    public void A_union_case_that_holds_its_union_is_refused() =>
        TestApps.FailsAt(TestApps.WithFile("""
            namespace Backend;
            public abstract record Expr;
            public sealed record Num(int Value) : Expr;
            public sealed record Add(Expr Left, Expr Right) : Expr;
            """), "CNF0306", File, "Add(", "record Add can contain itself (through Add.Left)");

    [Fact]
    public void Records_that_reach_each_other_through_a_tuple_are_refused() =>
        TestApps.FailsAt(TestApps.WithFile("""
            namespace Backend;
            public sealed record Ping((int, Pong?) Other);
            public sealed record Pong(Ping? Back);
            """), "CNF0306", File, "Ping(", "record Ping can contain itself (through Ping.Other)");

    [Fact]
    public void A_tree_whose_children_are_an_immutable_collection_is_allowed() =>
        TestApps.Compiles(TestApps.WithFile("""
            namespace Backend;
            public sealed record Comment(string Text, ImmutableList<Comment> Replies);
            """));

    [Fact]
    public void A_record_that_holds_itself_and_writes_its_own_equality_hash_and_printing_is_allowed() =>
        TestApps.Compiles(TestApps.WithFile("""
            using System.Text;
            namespace Backend;
            public sealed record Link(int Value, Link? Next)
            {
                public bool Equals(Link? other) => other is not null && Value == other.Value && Equals(Next, other.Next);
                public override int GetHashCode() => Value;
                private bool PrintMembers(StringBuilder builder) { builder.Append(Value); return true; }
            }
            """));
}

using System.Collections.Immutable;
using Conifer.Server.Admin.StateBrowser;
using Conifer.Values;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Conifer.Server.Tests;

public class StatePathTests
{
    private static Value.Record Rec(params (string Name, Value Value)[] fields) => new([.. fields.Select(f => new Field(f.Name, f.Value))]);

    private static Value.Dict Dict(params (Value Key, Value Value)[] entries) => new([.. entries.Select(e => KeyValuePair.Create(e.Key, e.Value))]);

    private static readonly Value Sample = Rec(
        ("Users", Dict(
            (new Value.String("root"), Rec(("Roles", new Value.List([new Value.Tagged("Admin"), new Value.Tagged("Worker")])))),
            (new Value.String("a]b\"c"), new Value.Int(1)))),
        ("ByPoint", Dict((Rec(("X", new Value.Int(1)), ("Y", new Value.Int(2))), new Value.String("corner")))),
        ("ById", Dict((new Value.Int(42), Value.Bool.True))),
        ("Shape", new Value.Tagged("Circle", [new Field("Radius", new Value.Float(1.5))])));

    private static Value Resolve(string path) =>
        StatePath.Parse(path) is StatePathParse.Parsed { Path: var parsed } && parsed.Resolve(Sample) is StatePathResult.Found found
            ? found.Node
            : throw new Xunit.Sdk.XunitException($"{path} did not resolve");

    [Theory]
    [InlineData("$.Users[\"root\"].Roles[1]", "Worker")]
    [InlineData("$.Users[\"a]b\\\"c\"]", "1")]
    [InlineData("$.ByPoint[{X: 1, Y: 2}]", "\"corner\"")]
    [InlineData("$.ById[42]", "true")]
    [InlineData("$.Shape.Radius", "1.5")]
    [InlineData("  $  ", "{Users: ")]
    public void Paths_as_mismatches_print_them_open_the_node(string path, string start) =>
        Assert.StartsWith(start, Resolve(path).ToString());

    [Fact]
    public void A_string_key_matches_by_value_whatever_its_json_escaping()
    {
        Assert.Equal(new Value.Int(1), Resolve("$.Users[\"a]b\\u0022c\"]"));
    }

    [Theory]
    [InlineData("$.Users[\"x\"]", "the dict at $.Users (2 entries) has no key \"x\".")]
    [InlineData("$.Users[\"root\"].Roles[2]", "the list at $.Users[\"root\"].Roles has 2 item(s), so there is no item [2].")]
    [InlineData("$.Users[\"root\"].Roles[first]", "the list at $.Users[\"root\"].Roles is indexed by a number from 0, not by [first].")]
    [InlineData("$.Shape.Side", "the Tagged \"Circle\" at $.Shape has no field 'Side' (its fields: Radius).")]
    [InlineData("$.ById[42][0]", "$.ById[42] is a bool, which has no item [0].")]
    public void A_path_that_leaves_the_tree_says_where_and_why(string path, string reason)
    {
        var parsed = Assert.IsType<StatePathParse.Parsed>(StatePath.Parse(path));
        Assert.Equal(reason, Assert.IsType<StatePathResult.Missing>(parsed.Path.Resolve(Sample)).Reason);
    }

    [Theory]
    [InlineData("Users", "starts at the root")]
    [InlineData("$Users", "Expected '.' or '[' at position 1")]
    [InlineData("$.", "A field name is missing after '.' at position 1")]
    [InlineData("$.Users[\"root\"", "not closed")]
    [InlineData("$.Users[\"root]", "not closed")]
    [InlineData("$[]", "empty")]
    [InlineData("$[{X: 1]", "not closed")]
    public void Malformed_text_is_refused_naming_the_position(string text, string reason)
    {
        var malformed = Assert.IsType<StatePathParse.Malformed>(StatePath.Parse(text));
        Assert.Contains(reason, malformed.Reason);
    }

    [Property(MaxTest = 200)]
    public void Every_child_path_the_browser_is_given_opens_that_child(string[] keys, int[] numbers)
    {
        var strings = keys.Where(k => k is not null).Distinct(StringComparer.Ordinal).Select(k => (Value)new Value.String(k));
        var ints = numbers.Distinct().Select(n => (Value)new Value.Int(n));
        var dict = new Value.Dict([.. strings.Concat(ints).Select((k, i) => KeyValuePair.Create(k, (Value)new Value.Int(i)))]);
        var root = Rec(("Items", dict));
        var path = Assert.IsType<StatePathParse.Parsed>(StatePath.Parse("$.Items")).Path;

        var node = StateNodeView.Of(path, dict, null, 0, AllChildren);

        Assert.Equal(dict.Entries.Length, node.Children.Length);
        for (var i = 0; i < node.Children.Length; i++)
        {
            var child = Assert.IsType<StatePathParse.Parsed>(StatePath.Parse(node.Children[i].Path));
            Assert.Equal(dict.Entries[i].Value, Assert.IsType<StatePathResult.Found>(child.Path.Resolve(root)).Node);
        }
    }

    private const int AllChildren = 100_000;

    [Fact]
    public void A_page_of_children_starts_at_the_offset_and_holds_at_most_the_limit()
    {
        var list = new Value.List([.. Enumerable.Range(0, 250).Select(i => (Value)new Value.Int(i))]);

        var page = StateNodeView.Of(StatePath.Root, list, "v", 200, 100);

        Assert.Equal(250, page.Count);
        Assert.Equal(50, page.Children.Length);
        Assert.Equal("$[200]", page.Children[0].Path);
        Assert.Equal("249", page.Children[^1].Preview);
        Assert.Null(page.Value);
    }

    [Fact]
    public void A_preview_of_a_huge_node_is_cut_without_walking_all_of_it()
    {
        var huge = new Value.List([.. Enumerable.Range(0, 1_000_000).Select(i => (Value)new Value.String(new string('x', 10)))]);
        var longString = new Value.String(new string('y', 5_000_000));

        var preview = huge.Preview(40);
        var stringPreview = longString.Preview(40);

        Assert.Equal(40, preview.Length);
        Assert.StartsWith("[\"xxxxxxxxxx\", \"xxxxxxxxxx\", ", preview);
        Assert.EndsWith("…", preview);
        Assert.Equal("\"" + new string('y', 38) + "…", stringPreview);
        Assert.Equal("Circle {Radius: 1.5}", (Sample is Value.Record r ? r.Fields[3].Value : Sample).Preview(40));
        Assert.Equal(ImmutableArray<StateNodeChild>.Empty, StateNodeView.Of(StatePath.Root, longString, null, 0, 10).Children);
    }
}

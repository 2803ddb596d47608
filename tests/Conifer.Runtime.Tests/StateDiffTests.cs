using Conifer.Runtime.Admin;
using Conifer.Values;

namespace Conifer.Runtime.Tests;

public class StateDiffTests
{
    private static Value.Record Rec(params (string Name, Value Value)[] fields) => new([.. fields.Select(f => new Field(f.Name, f.Value))]);

    [Fact]
    public void Changed_added_and_removed_paths_are_named_with_both_values()
    {
        var before = Rec(("Count", new Value.Int(1)), ("Names", new Value.List([new Value.String("a")])));
        var after = Rec(("Count", new Value.Int(2)), ("Names", new Value.List([new Value.String("a"), new Value.String("b")])));

        var changes = StateDiff.Between(before, after);

        Assert.Equal(["$.Count: 1 → 2", "$.Names[1]: (absent) → \"b\""], changes.ToArray());
    }

    [Fact]
    public void Equal_trees_have_no_changes_and_many_changes_are_bounded()
    {
        var small = new Value.List([.. Enumerable.Range(0, 500).Select(i => (Value)new Value.Int(i))]);
        var shifted = new Value.List([.. Enumerable.Range(1, 500).Select(i => (Value)new Value.Int(i))]);

        Assert.Empty(StateDiff.Between(small, small));
        var changes = StateDiff.Between(small, shifted);
        Assert.Equal(101, changes.Length);
        Assert.Equal("… and 400 more change(s)", changes[^1]);
    }
}

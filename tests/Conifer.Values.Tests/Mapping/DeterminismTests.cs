using System.Collections.Immutable;
using Conifer.Values.Mapping;
using FsCheck.Xunit;

namespace Conifer.Values.Tests.Mapping;

public class DeterminismTests
{
    [Fact]
    public void Dictionaries_built_in_different_orders_serialize_to_identical_bytes()
    {
        var keys = Enumerable.Range(0, 200).Select(i => $"user-{i * 7919 % 1000}").ToArray();
        var forward = keys.ToImmutableDictionary(k => k, k => k.Length);
        var backward = keys.Reverse().Aggregate(ImmutableDictionary<string, int>.Empty, (d, k) => d.Add(k, k.Length));
        var mapper = ValueMapper.For<ImmutableDictionary<string, int>>();

        Assert.Equal(mapper.Serialize(forward), mapper.Serialize(backward));
    }

    [Fact]
    public void Sorted_collections_are_written_in_value_order_not_their_comparers_order()
    {
        var set = ImmutableSortedSet.Create(StringComparer.OrdinalIgnoreCase, "b", "A", "c");

        Assert.Equal(Stored.List(Stored.Str("A"), Stored.Str("b"), Stored.Str("c")), ValueMapper.For<ImmutableSortedSet<string>>().ToValue(set));
        Assert.Equal(Stored.List(Stored.Str("A"), Stored.Str("b"), Stored.Str("c")), ValueMapper.For<ImmutableSortedSet<string>>().ToValue(set.WithComparer(StringComparer.Ordinal)));
    }

    [Fact]
    public void Record_keyed_dictionaries_and_sets_are_written_in_canonical_order()
    {
        var points = Enumerable.Range(-20, 41).Select(i => new Point(i % 5, i)).ToArray();
        var a = points.ToImmutableDictionary(p => p, p => p.X);
        var b = points.Reverse().ToImmutableDictionary(p => p, p => p.X);
        var dictMapper = ValueMapper.For<ImmutableDictionary<Point, int>>();
        var setMapper = ValueMapper.For<ImmutableHashSet<Point>>();

        Assert.Equal(dictMapper.Serialize(a), dictMapper.Serialize(b));
        Assert.Equal(setMapper.Serialize([.. points]), setMapper.Serialize([.. points.Reverse()]));
        var keys = ((Value.Dict)dictMapper.ToValue(a)).Entries.Select(e => e.Key).ToArray();
        Assert.Equal(keys.Order(ValueOrder.Instance), keys);
    }

    [Fact]
    public void Canonical_order_is_ordinal_for_strings_and_numeric_for_integers()
    {
        var strings = ValueMapper.For<ImmutableHashSet<string>>().ToValue(["b", "a", "B", "é", "ab"]);
        var ints = ValueMapper.For<ImmutableHashSet<int>>().ToValue([10, -3, 2]);

        Assert.Equal(Stored.List(Stored.Str("B"), Stored.Str("a"), Stored.Str("ab"), Stored.Str("b"), Stored.Str("é")), strings);
        Assert.Equal(Stored.List(Stored.Int(-3), Stored.Int(2), Stored.Int(10)), ints);
    }

    [Property]
    public void Sets_are_written_in_value_order_whatever_the_item_type(string[] texts, long[] numbers, char[] letters)
    {
        AssertSorted(ValueMapper.For<ImmutableHashSet<string>>().ToValue([.. texts.Where(t => t is not null)]));
        AssertSorted(ValueMapper.For<ImmutableHashSet<long>>().ToValue([.. numbers]));
        AssertSorted(ValueMapper.For<ImmutableHashSet<char>>().ToValue([.. letters]));
        AssertSorted(ValueMapper.For<ImmutableSortedSet<string>>().ToValue([.. texts.Where(t => t is not null)]));
        AssertSorted(ValueMapper.For<ImmutableHashSet<Role>>().ToValue([.. numbers.Select(n => (Role)(Math.Abs(n % 3)))]));
        AssertSorted(ValueMapper.For<ImmutableHashSet<Point>>().ToValue([.. numbers.Select(n => new Point((int)(n % 4), (int)(n % 9)))]));
    }

    [Fact]
    public void Every_nan_is_one_value_in_the_order()
    {
        Assert.Equal(0, ValueOrder.Instance.Compare(new Value.Float(double.NaN), new Value.Float(BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0001))));
    }

    private static void AssertSorted(Value list)
    {
        var items = ((Value.List)list).Items;
        Assert.Equal(items.Order(ValueOrder.Instance).ToArray(), items.ToArray());
    }

    [Fact]
    public void Value_order_ranks_kinds_then_contents()
    {
        Value[] ordered =
        [
            Value.Null.Instance,
            Value.Bool.False,
            new Value.Int(-1),
            new Value.Float(double.NegativeInfinity),
            new Value.Float(-0.0),
            new Value.Float(0.0),
            new Value.Float(double.PositiveInfinity),
            new Value.Float(double.NaN),
            new Value.Decimal(1.5m),
            new Value.Decimal(1.50m),
            Stored.Str("a"),
            Stored.List(),
            Stored.List(Stored.Int(1)),
            Stored.Record(("A", Stored.Int(1))),
            Stored.Tagged("A"),
            Stored.Tagged("A", ("X", Stored.Int(1))),
        ];

        Assert.Equal(ordered, ordered.Reverse().Order(ValueOrder.Instance));
    }
}

using System.Collections.Immutable;
using Conifer.Values.Mapping;

namespace Conifer.Values.Tests.Mapping;

public class UnsupportedTypeTests
{
    [Fact]
    public void A_mutable_class_is_rejected_naming_the_member_path()
    {
        var e = Assert.Throws<UnsupportedTypeException>(() => ValueMapper.For<HoldsMutable>());

        Assert.Equal("$.Items[*]", e.MemberPath);
        Assert.Equal(typeof(Mutable), e.MemberType);
        Assert.Equal(
            "Conifer.Values.Tests.Mapping.UnsupportedTypeTests+HoldsMutable cannot be stored: $.Items[*] is Conifer.Values.Tests.Mapping.UnsupportedTypeTests+Mutable, a mutable type: property 'Count' has a public setter (use init)",
            e.Message);
    }

    [Fact]
    public void Interfaces_object_and_delegates_are_rejected()
    {
        Assert.Contains("$.Items is System.Collections.Generic.IReadOnlyList<System.String>, an interface",
            Assert.Throws<UnsupportedTypeException>(() => ValueMapper.For<HoldsInterface>()).Message, StringComparison.Ordinal);
        Assert.Contains("$.Anything is System.Object, object",
            Assert.Throws<UnsupportedTypeException>(() => ValueMapper.For<HoldsObject>()).Message, StringComparison.Ordinal);
        Assert.Contains("$.OnChange is System.Action, a delegate",
            Assert.Throws<UnsupportedTypeException>(() => ValueMapper.For<HoldsDelegate>()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutable_collections_are_rejected()
    {
        var e = Assert.Throws<UnsupportedTypeException>(() => ValueMapper.For<HoldsList>());

        Assert.Equal("$.Names", e.MemberPath);
        Assert.Contains("use System.Collections.Immutable", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_build_leaves_no_half_built_mapper_behind()
    {
        Assert.Throws<UnsupportedTypeException>(() => ValueMapper.For<HoldsMutable>());
        Assert.Throws<UnsupportedTypeException>(() => ValueMapper.For<HoldsMutable>());

        Assert.Equal(new Point(1, 2), Stored.Fits<Point>(Stored.Record(("X", Stored.Int(1)), ("Y", Stored.Int(2)))));
    }

    [Fact]
    public void A_ulong_above_long_max_is_rejected_when_written_naming_its_path()
    {
        var mapper = ValueMapper.For<Big>();

        var e = Assert.Throws<UnsupportedTypeException>(() => mapper.Serialize(new Big(ulong.MaxValue)));

        Assert.Equal("$.Count", e.MemberPath);
        Assert.Contains("18446744073709551615 is above long.MaxValue", e.Message, StringComparison.Ordinal);
        Assert.Equal(new Big(long.MaxValue), Stored.Fits<Big>(mapper.ToValue(new Big(long.MaxValue))));
    }

    [Fact]
    public void A_string_with_an_unpaired_surrogate_is_rejected_when_written_naming_its_path()
    {
        var mapper = ValueMapper.For<Point3>();
        var broken = new Point3("ab\ud800cd", 1);

        var fromBytes = Assert.Throws<UnsupportedTypeException>(() => mapper.Serialize(broken));
        var fromTree = Assert.Throws<UnsupportedTypeException>(() => mapper.ToValue(broken));

        Assert.Equal("$.Label", fromBytes.MemberPath);
        Assert.Equal(fromTree.Message, fromBytes.Message);
        Assert.Contains("unpaired surrogate", fromBytes.Message, StringComparison.Ordinal);
        Assert.Throws<UnsupportedTypeException>(() => mapper.Serialize(broken with { Label = new string('x', 40) + "\udc00" }));
    }

    [Fact]
    public void A_flags_combination_without_a_name_is_rejected_when_written()
    {
        var e = Assert.Throws<UnsupportedTypeException>(() => ValueMapper.For<Access>().Serialize(Access.Read | Access.Write));

        Assert.Contains("has no member name", e.Message, StringComparison.Ordinal);
        Assert.Equal(Stored.Tagged("All"), ValueMapper.For<Access>().ToValue(Access.All));
    }

    public sealed class Mutable
    {
        public int Count { get; set; }
    }

    public sealed record HoldsMutable(ImmutableList<Mutable> Items);

    public sealed record HoldsInterface(IReadOnlyList<string> Items);

    public sealed record HoldsObject(object Anything);

    public sealed record HoldsDelegate(Action OnChange);

    public sealed record HoldsList(List<string> Names);

    public sealed record Point3(string Label, int Z);

    [Flags]
    public enum Access
    {
        None = 0,
        Read = 1,
        Write = 2,
        Execute = 4,
        All = 7,
    }
}

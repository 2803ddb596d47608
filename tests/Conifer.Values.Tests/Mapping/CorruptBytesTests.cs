using System.Collections.Immutable;
using Conifer.Values.Lenient;
using Conifer.Values.Mapping;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Conifer.Values.Tests.Mapping;

[Properties(Arbitrary = [typeof(StateArbitraries)], MaxTest = 300)]
public class CorruptBytesTests
{
    private static readonly ValueMapper<State> Mapper = ValueMapper.For<State>();

    [Property]
    public void Arbitrary_bytes_after_the_header_give_a_result_or_the_format_exception(byte[] body)
    {
        ReadOrFormatError(["CVT"u8[0], "CVT"u8[1], "CVT"u8[2], 1, .. body]);
    }

    [Property]
    public void Mutated_documents_give_a_result_or_the_format_exception(State state, PositiveInt position, byte value, bool truncate)
    {
        var bytes = Mapper.Serialize(state);
        var at = 4 + (position.Get % (bytes.Length - 4));
        if (truncate)
        {
            bytes = bytes[..at];
        }
        else
        {
            bytes[at] = value;
        }

        ReadOrFormatError(bytes);
    }

    [Fact]
    public void A_document_without_the_header_or_with_another_version_is_rejected()
    {
        Assert.Equal(0, Assert.Throws<ValueFormatException>(() => Mapper.Deserialize(new byte[] { 1, 2, 3, 4 })).Offset);
        Assert.Equal(3, Assert.Throws<ValueFormatException>(() => ValueMapper.For<int>().Deserialize(new byte[] { 0x43, 0x56, 0x54, 2, 1 })).Offset);
    }

    [Fact]
    public void Bytes_after_the_root_node_are_rejected()
    {
        var e = Assert.Throws<ValueFormatException>(() => ValueMapper.For<int>().Deserialize(new byte[] { 0x43, 0x56, 0x54, 1, 1, 2 }));

        Assert.Equal(5, e.Offset);
    }

    [Fact]
    public void Invalid_utf8_and_out_of_range_integers_are_rejected()
    {
        Assert.Contains("invalid UTF-8", Assert.Throws<ValueFormatException>(
            () => ValueMapper.For<string>().Deserialize(new byte[] { 0x43, 0x56, 0x54, 1, 0xa1, 0xff })).Message, StringComparison.Ordinal);
        Assert.Contains("above the Int range", Assert.Throws<ValueFormatException>(
            () => ValueMapper.For<long>().Deserialize(new byte[] { 0x43, 0x56, 0x54, 1, 0xcf, 0xff, 0, 0, 0, 0, 0, 0, 0 })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_stored_twice_is_rejected()
    {
        var bytes = new byte[] { 0x43, 0x56, 0x54, 1, 0x83, 0xa1, (byte)'X', 1, 0xa1, (byte)'Y', 2, 0xa1, (byte)'X', 3 };

        Assert.Contains("field 'X' occurs twice", Assert.Throws<ValueFormatException>(() => ValueMapper.For<Point>().Deserialize(bytes)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dictionary_key_stored_twice_is_rejected_but_two_keys_meeting_as_one_clr_key_are_a_mismatch()
    {
        byte[] twice = [0x43, 0x56, 0x54, 1, 0x92, 0xc7, 0x00, 0x03, 0x82, 0xa1, (byte)'a', 1, 0xa1, (byte)'a', 2];

        Assert.Contains("a dictionary key occurs twice", Assert.Throws<ValueFormatException>(
            () => ValueMapper.For<ImmutableDictionary<string, int>>().Deserialize(twice)).Message, StringComparison.Ordinal);
        Assert.Equal(
            ["$[-0]: stored a second entry for this key, expected distinct keys"],
            Stored.Mismatches<ImmutableDictionary<double, int>>(Stored.Dict((new Value.Float(0.0), Stored.Int(1)), (new Value.Float(-0.0), Stored.Int(2)))));
    }

    [Fact]
    public void Nesting_beyond_the_depth_limit_is_rejected_without_exhausting_the_stack()
    {
        var deep = new Tree("leaf", []);
        for (var i = 0; i < 2000; i++)
        {
            deep = new Tree("n", [deep]);
        }
        var bytes = ValueMapper.For<Tree>().Serialize(deep);

        var e = Assert.Throws<ValueLimitExceededException>(() => ValueMapper.For<Tree>().Deserialize(bytes));

        Assert.Contains("deeper than the limit of 64", e.Message, StringComparison.Ordinal);
        Assert.Equal(("MaxDepth", 64L), (e.LimitName, e.Limit));
    }

    [Fact]
    public void The_string_limit_bounds_byte_strings_too()
    {
        var bytes = ValueMapper.For<byte[]>().Serialize(new byte[100]);

        Assert.Contains("a byte string of 100 bytes exceeds the limit of 10", Assert.Throws<ValueLimitExceededException>(
            () => ValueMapper.For<byte[]>().Deserialize(bytes, ValueLimits.Default with { MaxStringBytes = 10 })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_on_strings_and_collections_apply()
    {
        var bytes = ValueMapper.For<string[]>().Serialize(["a", new string('b', 100)]);
        var strict = ValueLimits.Default with { MaxStringBytes = 10 };
        var few = ValueLimits.Default with { MaxCollectionCount = 1 };

        Assert.Contains("100 bytes exceeds the limit of 10", Assert.Throws<ValueLimitExceededException>(
            () => ValueMapper.For<string[]>().Deserialize(bytes, strict)).Message, StringComparison.Ordinal);
        Assert.Contains("2 elements exceed the limit of 1", Assert.Throws<ValueLimitExceededException>(
            () => ValueMapper.For<string[]>().Deserialize(bytes, few)).Message, StringComparison.Ordinal);
    }

    private static void ReadOrFormatError(byte[] bytes)
    {
        try
        {
            _ = Mapper.Deserialize(bytes) switch
            {
                LenientResult<State>.Fits or LenientResult<State>.Mismatches => true,
                _ => throw new InvalidOperationException("unknown result"),
            };
        }
        catch (ValueFormatException)
        {
        }
    }
}

using Conifer.Values.Codecs;
using Conifer.Values.Lenient;
using Conifer.Values.Mapping;
using FsCheck;
using FsCheck.Xunit;

namespace Conifer.Values.Tests.Mapping;

/// <summary>
/// The mapping's fast path and the value codec are two independent readers and writers of one
/// format: they must write the same bytes and reject the same bytes.
/// </summary>
[Properties(Arbitrary = [typeof(StateArbitraries)], MaxTest = 150)]
public class CodecAgreementTests
{
    private static readonly ValueMapper<State> Mapper = ValueMapper.For<State>();
    private static readonly ValueMapper<PreviousState> Previous = ValueMapper.For<PreviousState>();

    [Property]
    public void The_mapper_and_the_codec_write_the_same_bytes(State state)
    {
        Assert.Equal(Convert.ToHexString(ValueMessagePackCodec.Encode(Mapper.ToValue(state))), Convert.ToHexString(Mapper.Serialize(state)));
    }

    [Property]
    public void The_codec_decodes_the_mappers_bytes_to_the_mappers_tree(State state)
    {
        Assert.Equal(Mapper.ToValue(state), ValueMessagePackCodec.Decode(Mapper.Serialize(state)));
    }

    [Property]
    public void Mutated_documents_are_rejected_by_the_fast_path_exactly_when_the_codec_rejects_them(State state, PositiveInt position, byte value, bool truncate)
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

        var codecRejects = Rejects(() => ValueMessagePackCodec.Decode(bytes));

        Assert.Equal(codecRejects, Rejects(() => Mapper.Deserialize(bytes)));
        Assert.Equal(codecRejects, Rejects(() => Previous.Deserialize(bytes)));
    }

    [Property]
    public void Arbitrary_bytes_are_rejected_by_the_fast_path_exactly_when_the_codec_rejects_them(byte[] body)
    {
        byte[] bytes = ["CVT"u8[0], "CVT"u8[1], "CVT"u8[2], 1, .. body];

        var codecRejects = Rejects(() => ValueMessagePackCodec.Decode(bytes));

        Assert.Equal(codecRejects, Rejects(() => Mapper.Deserialize(bytes)));
        Assert.Equal(codecRejects, Rejects(() => ValueMapper.For<int>().Deserialize(bytes)));
    }

    [Fact]
    public void An_unknown_field_stored_twice_is_rejected()
    {
        byte[] bytes = [0x43, 0x56, 0x54, 1, 0x84, 0xa1, (byte)'X', 1, 0xa1, (byte)'Y', 2, 0xa1, (byte)'Z', 3, 0xa1, (byte)'Z', 4];

        var e = Assert.Throws<ValueFormatException>(() => ValueMapper.For<Point>().Deserialize(bytes));

        Assert.Contains("field 'Z' occurs twice", e.Message, StringComparison.Ordinal);
        Assert.Equal(14, e.Offset);
        Assert.Throws<ValueFormatException>(() => ValueMessagePackCodec.Decode(bytes));
    }

    [Fact]
    public void Invalid_utf8_inside_an_unknown_field_is_rejected()
    {
        byte[] bytes = [0x43, 0x56, 0x54, 1, 0x83, 0xa1, (byte)'X', 1, 0xa1, (byte)'Y', 2, 0xa1, (byte)'Z', 0x91, 0xa1, 0xff];

        Assert.Contains("not valid UTF-8", Assert.Throws<ValueFormatException>(() => ValueMapper.For<Point>().Deserialize(bytes)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_bytes_inside_a_mismatched_value_are_rejected_not_reported()
    {
        byte[] bytes = [0x43, 0x56, 0x54, 1, 0x91, 0xa1, 0xff];

        Assert.Throws<ValueFormatException>(() => ValueMapper.For<int>().Deserialize(bytes));
    }

    [Fact]
    public void Well_formed_data_of_another_shape_is_a_mismatch_result()
    {
        byte[] bytes = [0x43, 0x56, 0x54, 1, 0x91, 0xa1, (byte)'a'];

        Assert.IsType<LenientResult<int>.Mismatches>(ValueMapper.For<int>().Deserialize(bytes));
    }

    [Fact]
    public void The_depth_limit_counts_skipped_unknown_fields_from_the_root()
    {
        // Point (level 1) with an unknown field Z = [[1]] (levels 2 and 3).
        byte[] bytes = [0x43, 0x56, 0x54, 1, 0x83, 0xa1, (byte)'X', 1, 0xa1, (byte)'Y', 2, 0xa1, (byte)'Z', 0x91, 0x91, 1];
        var limits = ValueLimits.Default with { MaxDepth = 2 };

        var e = Assert.Throws<ValueLimitExceededException>(() => ValueMapper.For<Point>().Deserialize(bytes, limits));

        Assert.Equal((nameof(ValueLimits.MaxDepth), 2L), (e.LimitName, e.Limit));
        Assert.IsType<ValueLimitExceededException>(Record.Exception(() => ValueMessagePackCodec.Decode(bytes, limits)));
        Assert.IsType<LenientResult<Point>.Fits>(ValueMapper.For<Point>().Deserialize(bytes, ValueLimits.Default with { MaxDepth = 3 }));
    }

    [Fact]
    public void The_boxed_mapper_takes_limits_too()
    {
        var bytes = ValueMapper.For<string>().Serialize(new string('x', 100));

        Assert.Throws<ValueLimitExceededException>(() => ValueMapper.For(typeof(string)).Deserialize(bytes, ValueLimits.Default with { MaxStringBytes = 10 }));
    }

    /// <summary>True when decoding throws the codec's exception; any other exception fails the test.</summary>
    private static bool Rejects(Action decode)
    {
        try
        {
            decode();
            return false;
        }
        catch (ValueFormatException)
        {
            return true;
        }
    }
}

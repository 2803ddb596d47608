using System.Buffers;
using Conifer.Values.Codecs;

namespace Conifer.Values.Tests.Codecs;

public sealed class MessagePackExactBytesTests
{
    public static TheoryData<Value, string> Nodes => new()
    {
        { Value.Null.Instance, "c0" },
        { Value.Bool.False, "c2" },
        { Value.Bool.True, "c3" },
        { new Value.Int(0), "00" },
        { new Value.Int(127), "7f" },
        { new Value.Int(-1), "ff" },
        { new Value.Int(-32), "e0" },
        { new Value.Int(-33), "d0df" },
        { new Value.Int(128), "cc80" },
        { new Value.Int(256), "cd0100" },
        { new Value.Int(-129), "d1ff7f" },
        { new Value.Int(65536), "ce00010000" },
        { new Value.Int(int.MinValue), "d280000000" },
        { new Value.Int(4294967296), "cf0000000100000000" },
        { new Value.Int(long.MaxValue), "cf7fffffffffffffff" },
        { new Value.Int(long.MinValue), "d38000000000000000" },
        { new Value.Float(1.0), "cb3ff0000000000000" },
        { new Value.Float(-0.0), "cb8000000000000000" },
        { new Value.Float(double.NaN), "cbfff8000000000000" },
        { new Value.Float(BitConverter.Int64BitsToDouble(0x7ff8000000000001)), "cbfff8000000000000" },
        { new Value.Float(double.PositiveInfinity), "cb7ff0000000000000" },
        { new Value.Decimal(1.50m), "d804" + "96000000" + "00000000" + "00000000" + "00000200" },
        { new Value.Decimal(-1m), "d804" + "01000000" + "00000000" + "00000000" + "00000080" },
        { new Value.String(""), "a0" },
        { new Value.String("ab"), "a26162" },
        { new Value.String("é"), "a2c3a9" },
        { new Value.String(new string('x', 32)), "d920" + string.Concat(Enumerable.Repeat("78", 32)) },
        { new Value.Bytes([]), "c400" },
        { new Value.Bytes([1, 2]), "c4020102" },
        { new Value.List([]), "90" },
        { new Value.List([new Value.Int(1), Value.Null.Instance]), "9201c0" },
        { new Value.Record([]), "80" },
        { new Value.Record([new Field("a", new Value.Int(1)), new Field("b", Value.Bool.True)]), "82a16101a162c3" },
        { new Value.Tagged("A"), "d40241" },
        { new Value.Tagged("Ab"), "d5024162" },
        { new Value.Tagged("Abc"), "c7030241" + "6263" },
        { new Value.Tagged("C", [new Field("r", new Value.Int(2))]), "92d4014381a17202" },
        { new Value.Dict([new(new Value.Int(1), new Value.String("a"))]), "92c7000381" + "01a161" },
        { new Value.Dict([]), "92c7000380" },
    };

    [Theory]
    [MemberData(nameof(Nodes))]
    public void Each_node_kind_has_its_documented_bytes(Value value, string hex)
    {
        var expected = "43565401" + hex;

        Assert.Equal(expected, Convert.ToHexStringLower(ValueMessagePackCodec.Encode(value)));
        Assert.Equal(value, ValueMessagePackCodec.Decode(Convert.FromHexString(expected)));
    }

    [Theory]
    [InlineData("ca3fc00000", 1.5)]
    [InlineData("d000", 0)]
    [InlineData("cc05", 5)]
    [InlineData("cf0000000000000005", 5)]
    public void Non_canonical_forms_are_accepted_on_read(string hex, double expected)
    {
        var value = ValueMessagePackCodec.Decode(Convert.FromHexString("43565401" + hex));

        Assert.Equal(expected, value switch
        {
            Value.Float f => f.Value,
            Value.Int i => i.Value,
            _ => double.NaN,
        });
    }

    [Fact]
    public void A_tagged_node_written_with_an_empty_field_map_reads_as_the_fieldless_tag() =>
        Assert.Equal(new Value.Tagged("A"), ValueMessagePackCodec.Decode(Convert.FromHexString("4356540192d4014180")));

    [Fact]
    public void Encoding_into_a_buffer_writer_appends_the_same_document()
    {
        var tree = new Value.List([new Value.String("x"), new Value.Tagged("T")]);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        buffer.Write<byte>([0xee]);

        ValueMessagePackCodec.Encode(buffer, tree);

        Assert.Equal([0xee, .. ValueMessagePackCodec.Encode(tree)], buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Unpaired_surrogates_are_refused_rather_than_stored_as_replacement_characters() =>
        Assert.ThrowsAny<ArgumentException>(() => ValueMessagePackCodec.Encode(new Value.String("a\ud800b")));
}

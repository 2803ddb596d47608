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

    [Fact]
    public void The_worked_example_of_the_spec_has_exactly_its_bytes()
    {
        var tree = new Value.Record([
            new Field("Name", new Value.String("Ann")),
            new Field("Age", new Value.Int(41)),
            new Field("Role", new Value.Tagged("Admin")),
            new Field("Shape", new Value.Tagged("Circle", [new Field("R", new Value.Float(1.5))])),
            new Field("Price", new Value.Decimal(1.50m)),
            new Field("Seen", new Value.Dict([new(new Value.Int(7), Value.Bool.True)])),
        ]);
        const string hex = """
            43 56 54 01
            86
            a4 4e 61 6d 65   a3 41 6e 6e
            a3 41 67 65      29
            a4 52 6f 6c 65   c7 05 02 41 64 6d 69 6e
            a5 53 68 61 70 65
               92
               c7 06 01 43 69 72 63 6c 65
               81 a1 52 cb 3f f8 00 00 00 00 00 00
            a5 50 72 69 63 65
               d8 04 96 00 00 00 00 00 00 00
                     00 00 00 00 00 00 02 00
            a4 53 65 65 6e
               92 c7 00 03 81 07 c3
            """;
        var expected = Convert.FromHexString(string.Concat(hex.Where(char.IsAsciiHexDigit)));

        Assert.Equal(expected, ValueMessagePackCodec.Encode(tree));
        Assert.Equal(96, expected.Length);
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
    public void A_tree_nested_deeper_than_the_stack_allows_is_refused_instead_of_crashing_the_process()
    {
        Value deep = Value.Null.Instance;
        for (var i = 0; i < 1_000_000; i++)
        {
            deep = new Value.List([deep]);
        }

        Assert.Throws<InsufficientExecutionStackException>(() => ValueMessagePackCodec.Encode(deep));
        // Utf8JsonWriter's own depth bound (1000 by default) stops the JSON writer first.
        Assert.Throws<InvalidOperationException>(() => ValueJsonCodec.Write(deep));
    }

    [Fact]
    public void Unpaired_surrogates_are_refused_rather_than_stored_as_replacement_characters() =>
        Assert.ThrowsAny<ArgumentException>(() => ValueMessagePackCodec.Encode(new Value.String("a\ud800b")));
}

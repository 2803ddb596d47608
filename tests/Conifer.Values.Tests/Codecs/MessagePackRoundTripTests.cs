using Conifer.Values.Codecs;
using Conifer.Values.Tests.Generators;
using FsCheck.Xunit;

namespace Conifer.Values.Tests.Codecs;

public sealed class MessagePackRoundTripTests
{
    [Property(Arbitrary = [typeof(ArbitraryValues)], MaxTest = 300)]
    public void Any_tree_survives_encode_and_decode(Value tree)
    {
        var bytes = ValueMessagePackCodec.Encode(tree);

        Assert.Equal(tree, ValueMessagePackCodec.Decode(bytes));
    }

    [Property(Arbitrary = [typeof(ArbitraryValues)], MaxTest = 200)]
    public void Encoding_is_canonical_equal_trees_give_equal_bytes(Value tree)
    {
        var bytes = ValueMessagePackCodec.Encode(tree);
        var again = ValueMessagePackCodec.Encode(ValueMessagePackCodec.Decode(bytes));

        Assert.Equal(bytes, again);
    }

    [Property(Arbitrary = [typeof(ArbitraryValues)], MaxTest = 100)]
    public void Decoding_a_split_sequence_gives_the_same_tree(Value tree)
    {
        var bytes = ValueMessagePackCodec.Encode(tree);
        var split = Sequences.Split(bytes, bytes.Length / 2);

        Assert.Equal(tree, ValueMessagePackCodec.Decode(split));
    }

    [Property(Arbitrary = [typeof(ArbitraryValues)], MaxTest = 100)]
    public void Nodes_embedded_in_another_document_read_back_in_place(Value first, Value second)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePack.MessagePackWriter(buffer);
        writer.WriteArrayHeader(3);
        ValueMessagePackCodec.WriteNode(ref writer, first);
        writer.Write("between");
        ValueMessagePackCodec.WriteNode(ref writer, second);
        writer.Flush();

        var reader = new MessagePack.MessagePackReader(buffer.WrittenMemory);
        Assert.Equal(3, reader.ReadArrayHeader());
        Assert.Equal(first, ValueMessagePackCodec.ReadNode(ref reader, ValueLimits.Default));
        Assert.Equal("between", reader.ReadString());
        Assert.Equal(second, ValueMessagePackCodec.ReadNode(ref reader, ValueLimits.Default));
        Assert.True(reader.End);
    }

    [Property(Arbitrary = [typeof(ArbitraryValues)], MaxTest = 100)]
    public void A_node_spread_over_segments_reads_back_and_the_reader_moves_past_it(Value tree)
    {
        byte[] bytes = [.. ValueMessagePackCodec.Encode(tree).AsSpan(ValueFormat.HeaderLength), 0xc3];
        var reader = new MessagePack.MessagePackReader(Sequences.Split(bytes, bytes.Length / 2));

        Assert.Equal(tree, ValueMessagePackCodec.ReadNode(ref reader, ValueLimits.Default));
        Assert.True(reader.ReadBoolean());
        Assert.True(reader.End);
    }

    [Fact]
    public void A_segmented_document_over_the_size_limit_is_refused()
    {
        var bytes = ValueMessagePackCodec.Encode(new Value.String(new string('x', 100)));

        var error = Assert.Throws<ValueLimitExceededException>(() =>
            ValueMessagePackCodec.Decode(Sequences.Split(bytes, 10), ValueLimits.Default with { MaxTotalBytes = 50 }));

        Assert.Equal(nameof(ValueLimits.MaxTotalBytes), error.LimitName);
    }

    [Fact]
    public void Repeated_field_names_and_short_strings_decode_to_shared_instances()
    {
        var row = new Value.Record([new Field("Status", new Value.String("active"))]);
        var decoded = (Value.List)ValueMessagePackCodec.Decode(ValueMessagePackCodec.Encode(new Value.List([row, row])));
        var first = (Value.Record)decoded.Items[0];
        var second = (Value.Record)decoded.Items[1];

        Assert.Same(first.Fields[0].Name, second.Fields[0].Name);
        Assert.Same(first.Fields[0].Value, second.Fields[0].Value);
    }

    [Fact]
    public void Nesting_exactly_at_the_depth_limit_decodes()
    {
        var deep = ArbitraryValues.Wrap(Enumerable.Repeat(0, ValueLimits.Default.MaxDepth), new Value.Int(7));

        Assert.Equal(deep, ValueMessagePackCodec.Decode(ValueMessagePackCodec.Encode(deep)));
    }
}

using Conifer.Values.Codecs;
using Conifer.Values.Tests.Generators;

namespace Conifer.Values.Tests.Codecs;

public sealed class LimitTests
{
    private static readonly string Header = "43565401";

    [Fact]
    public void Nesting_one_level_past_the_depth_limit_is_refused_naming_limit_and_offset()
    {
        var bytes = Convert.FromHexString(Header + string.Concat(Enumerable.Repeat("91", 65)) + "c0");

        var error = Assert.Throws<ValueLimitExceededException>(() => ValueMessagePackCodec.Decode(bytes));

        Assert.Equal(nameof(ValueLimits.MaxDepth), error.LimitName);
        Assert.Equal(64, error.Limit);
        Assert.Equal(4 + 64, error.Offset);
        Assert.Equal("Depth limit 64 exceeded at offset 68.", error.Message);
    }

    [Fact]
    public void Hostile_nesting_far_past_the_limit_fails_cleanly_instead_of_overflowing_the_stack()
    {
        var bytes = new byte[4 + 1_000_000];
        Convert.FromHexString(Header).CopyTo(bytes, 0);
        bytes.AsSpan(4).Fill(0x91);

        var error = Assert.Throws<ValueLimitExceededException>(() => ValueMessagePackCodec.Decode(bytes, ValueLimits.Default with { MaxDepth = int.MaxValue }));

        Assert.Equal(nameof(ValueLimits.MaxDepth), error.LimitName);
    }

    [Theory]
    [InlineData("81a166")]
    [InlineData("92d4014181a166")]
    [InlineData("92c700038101")]
    public void Hostile_nesting_of_records_tagged_nodes_and_dicts_fails_cleanly(string levelHex)
    {
        var bytes = Convert.FromHexString(Header + string.Concat(Enumerable.Repeat(levelHex, 200_000)));

        var error = Assert.Throws<ValueLimitExceededException>(() => ValueMessagePackCodec.Decode(bytes, ValueLimits.Default with { MaxDepth = int.MaxValue }));

        Assert.Equal(nameof(ValueLimits.MaxDepth), error.LimitName);
    }

    [Fact]
    public void A_smaller_depth_limit_counts_records_tagged_nodes_and_dicts_as_levels()
    {
        var tree = ArbitraryValues.Wrap([1, 2, 3], Value.Null.Instance);
        var bytes = ValueMessagePackCodec.Encode(tree);

        Assert.Equal(tree, ValueMessagePackCodec.Decode(bytes, ValueLimits.Default with { MaxDepth = 3 }));
        Assert.Throws<ValueLimitExceededException>(() => ValueMessagePackCodec.Decode(bytes, ValueLimits.Default with { MaxDepth = 2 }));
        Assert.Equal(tree, ValueJsonCodec.Parse(ValueJsonCodec.Write(tree), ValueLimits.Default with { MaxDepth = 3 }));
        Assert.Throws<ValueLimitExceededException>(() => ValueJsonCodec.Parse(ValueJsonCodec.Write(tree), ValueLimits.Default with { MaxDepth = 2 }));
    }

    [Theory]
    [InlineData("db00100000" + "61", "String declares 1048576 bytes but only 1 remain at offset 4.")]
    [InlineData("c600100000" + "61", "Byte string declares 1048576 bytes but only 1 remain at offset 4.")]
    [InlineData("c9001000000261", "Tag declares 1048576 bytes but only 1 remain at offset 4.")]
    [InlineData("dd000f4240c0", "Collection declares 1000000 items but only 1 bytes remain at offset 4.")]
    [InlineData("df000f4240c0", "Collection declares 1000000 items but only 1 bytes remain at offset 4.")]
    [InlineData("81d9ff61", "Field name declares 255 bytes but only 1 remain at offset 5.")]
    public void Lying_length_prefixes_are_refused_before_anything_is_allocated(string hex, string message)
    {
        var error = Assert.Throws<ValueFormatException>(() => ValueMessagePackCodec.Decode(Convert.FromHexString(Header + hex)));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("dbffffffff61", nameof(ValueLimits.MaxStringBytes))]
    [InlineData("c6ffffffff61", nameof(ValueLimits.MaxStringBytes))]
    [InlineData("ddffffffffc0", nameof(ValueLimits.MaxCollectionCount))]
    [InlineData("dfffffffffc0", nameof(ValueLimits.MaxCollectionCount))]
    public void Lengths_beyond_the_limits_name_the_limit(string hex, string limit)
    {
        var error = Assert.Throws<ValueLimitExceededException>(() => ValueMessagePackCodec.Decode(Convert.FromHexString(Header + hex)));

        Assert.Equal(limit, error.LimitName);
        Assert.Equal(4, error.Offset);
        Assert.Contains(limit == nameof(ValueLimits.MaxStringBytes) ? "String limit 268435456 bytes exceeded" : "Collection limit 268435456 exceeded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_oversized_string_is_refused_under_untrusted_limits()
    {
        var tree = new Value.List([new Value.String(new string('x', 1_048_577))]);
        var bytes = ValueMessagePackCodec.Encode(tree);

        var error = Assert.Throws<ValueLimitExceededException>(() => ValueMessagePackCodec.Decode(bytes, ValueLimits.UntrustedData));

        Assert.Equal(nameof(ValueLimits.MaxStringBytes), error.LimitName);
        Assert.Equal("String limit 1048576 bytes exceeded: string declares 1048577 bytes at offset 5.", error.Message);
        Assert.Equal(tree, ValueMessagePackCodec.Decode(bytes));
    }

    [Fact]
    public void Oversized_strings_are_refused_in_json_too()
    {
        var json = ValueJsonCodec.Write(new Value.List([new Value.String(new string('x', 1_048_577))]));

        var error = Assert.Throws<ValueLimitExceededException>(() => ValueJsonCodec.Parse(json, ValueLimits.UntrustedData));

        Assert.Equal(nameof(ValueLimits.MaxStringBytes), error.LimitName);
        Assert.Equal(1, error.Offset);
    }

    [Fact]
    public void A_document_over_the_total_size_limit_is_refused_before_decoding()
    {
        var bytes = ValueMessagePackCodec.Encode(new Value.Bytes([.. new byte[100]]));
        var limits = ValueLimits.Default with { MaxTotalBytes = 50 };

        var error = Assert.Throws<ValueLimitExceededException>(() => ValueMessagePackCodec.Decode(bytes, limits));

        Assert.Equal(nameof(ValueLimits.MaxTotalBytes), error.LimitName);
        Assert.Equal(0, error.Offset);
        Assert.Throws<ValueLimitExceededException>(() => ValueJsonCodec.Parse(ValueJsonCodec.Write(new Value.Bytes([.. new byte[100]])), limits));
    }

    [Fact]
    public void An_embedded_node_larger_than_the_total_limit_is_refused_as_over_the_limit()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePack.MessagePackWriter(buffer);
        ValueMessagePackCodec.WriteNode(ref writer, new Value.List([.. Enumerable.Range(0, 100).Select(i => (Value)new Value.Int(i))]));
        writer.Flush();

        var error = Assert.Throws<ValueLimitExceededException>(() => ReadNode(buffer.WrittenMemory, ValueLimits.Default with { MaxTotalBytes = 20 }));

        Assert.Equal(nameof(ValueLimits.MaxTotalBytes), error.LimitName);
    }

    [Fact]
    public void Collections_over_the_count_limit_are_refused_in_both_codecs()
    {
        var tree = new Value.List([.. Enumerable.Range(0, 11).Select(i => (Value)new Value.Int(i))]);
        var limits = ValueLimits.Default with { MaxCollectionCount = 10 };

        var binary = Assert.Throws<ValueLimitExceededException>(() => ValueMessagePackCodec.Decode(ValueMessagePackCodec.Encode(tree), limits));
        var text = Assert.Throws<ValueLimitExceededException>(() => ValueJsonCodec.Parse(ValueJsonCodec.Write(tree), limits));

        Assert.Equal("Collection limit 10 exceeded: 11 items declared at offset 4.", binary.Message);
        Assert.Equal(nameof(ValueLimits.MaxCollectionCount), text.LimitName);
        Assert.Equal(21, text.Offset);
    }

    [Fact]
    public void Json_nesting_past_the_depth_limit_is_refused_naming_limit_and_offset()
    {
        var json = new string('[', 65) + new string(']', 65);

        var error = Assert.Throws<ValueLimitExceededException>(() => ValueJsonCodec.Parse(json));

        Assert.Equal("Depth limit 64 exceeded at offset 64.", error.Message);
    }

    [Fact]
    public void Hostile_json_nesting_fails_cleanly()
    {
        var unlimited = ValueLimits.Default with { MaxDepth = int.MaxValue };

        Assert.ThrowsAny<ValueFormatException>(() => ValueJsonCodec.Parse(new string('[', 200_000), unlimited));
        Assert.ThrowsAny<ValueFormatException>(() => ValueJsonCodec.Parse(string.Concat(Enumerable.Repeat("{\"$dict\":[[", 100_000)), unlimited));
        Assert.ThrowsAny<ValueFormatException>(() => ValueJsonCodec.Parse(string.Concat(Enumerable.Repeat("{\"$tag\":\"A\",\"f\":", 100_000)), unlimited));
    }

    [Fact]
    public void Limits_must_be_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ValueLimits.Default with { MaxDepth = 0 });

    [Fact]
    public void Untrusted_limits_are_tighter_than_the_defaults()
    {
        Assert.True(ValueLimits.UntrustedData.MaxDepth < ValueLimits.Default.MaxDepth);
        Assert.True(ValueLimits.UntrustedData.MaxTotalBytes < ValueLimits.Default.MaxTotalBytes);
        Assert.True(ValueLimits.UntrustedData.MaxStringBytes < ValueLimits.Default.MaxStringBytes);
        Assert.True(ValueLimits.UntrustedData.MaxCollectionCount < ValueLimits.Default.MaxCollectionCount);
        Assert.Equal(64, ValueLimits.Default.MaxDepth);
        Assert.Equal(1L << 30, ValueLimits.Default.MaxTotalBytes);
    }

    private static Value ReadNode(ReadOnlyMemory<byte> bytes, ValueLimits limits)
    {
        var reader = new MessagePack.MessagePackReader(bytes);
        return ValueMessagePackCodec.ReadNode(ref reader, limits);
    }
}

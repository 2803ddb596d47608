using System.Text;
using Conifer.Values.Codecs;
using Conifer.Values.Tests.Generators;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Conifer.Values.Tests.Codecs;

/// <summary>
/// The codecs' fuzz targets: whatever the input, decoding returns a tree or throws
/// <see cref="ValueFormatException"/>, never anything else (any other exception fails the test).
/// </summary>
public sealed class DecoderFuzzTests
{
    private static readonly ValueLimits Tight = ValueLimits.UntrustedData with { MaxDepth = 8, MaxCollectionCount = 1000, MaxStringBytes = 4096 };

    [Property(MaxTest = 500)]
    public void Arbitrary_bytes_decode_or_fail_with_a_format_error(byte[] bytes, bool withHeader)
    {
        byte[] input = withHeader ? [.. ValueFormat.Header, .. bytes] : bytes;

        DecodeAll(input);
    }

    [Property(Arbitrary = [typeof(ArbitraryValues)], MaxTest = 300)]
    public void Mutated_encodings_decode_or_fail_with_a_format_error(Value tree, int seed)
    {
        var random = new Random(seed);
        var valid = ValueMessagePackCodec.Encode(tree);

        for (var i = 0; i < 10; i++)
        {
            DecodeAll(Mutations.Mutate(valid, random));
        }
    }

    [Fact]
    public void Many_seeded_mutations_of_valid_encodings_never_crash_the_decoder()
    {
        var random = new Random(20261125);
        var corpus = ArbitraryValues.Tree.Sample(30, 60).Append(GoldenTree.V1).Select(ValueMessagePackCodec.Encode).ToArray();

        for (var i = 0; i < 30_000; i++)
        {
            var input = corpus[random.Next(corpus.Length)];
            for (var rounds = random.Next(1, 4); rounds > 0; rounds--)
            {
                input = Mutations.Mutate(input, random);
            }
            DecodeAll(input);
        }
    }

    [Property(Arbitrary = [typeof(ArbitraryValues)], MaxTest = 300)]
    public void Mutated_json_parses_or_fails_with_a_format_error(Value tree, int seed)
    {
        var random = new Random(seed);
        var valid = Encoding.UTF8.GetBytes(ValueJsonCodec.Write(tree));

        for (var i = 0; i < 10; i++)
        {
            ParseAll(Mutations.Mutate(valid, random));
        }
    }

    [Fact]
    public void Many_seeded_mutations_of_valid_json_never_crash_the_parser()
    {
        var random = new Random(1125);
        var corpus = ArbitraryValues.Tree.Sample(30, 60).Append(GoldenTree.V1).Select(t => Encoding.UTF8.GetBytes(ValueJsonCodec.Write(t))).ToArray();

        for (var i = 0; i < 20_000; i++)
        {
            ParseAll(Mutations.Mutate(corpus[random.Next(corpus.Length)], random));
        }
    }

    [Property(MaxTest = 300)]
    public void Arbitrary_text_parses_or_fails_with_a_format_error(string text)
    {
        try
        {
            ValueJsonCodec.Parse(text ?? "", Tight);
        }
        catch (ValueFormatException)
        {
        }
    }

    private static void DecodeAll(byte[] input)
    {
        foreach (var limits in new[] { ValueLimits.Default, Tight })
        {
            try
            {
                var tree = ValueMessagePackCodec.Decode(input, limits);
                Assert.Equal(tree, ValueMessagePackCodec.Decode(ValueMessagePackCodec.Encode(tree)));
            }
            catch (ValueFormatException)
            {
            }
            try
            {
                var reader = new MessagePack.MessagePackReader(input);
                ValueMessagePackCodec.ReadNode(ref reader, limits);
            }
            catch (ValueFormatException)
            {
            }
        }
    }

    private static void ParseAll(byte[] input)
    {
        try
        {
            var tree = ValueJsonCodec.Parse(input, Tight);
            Assert.Equal(tree, ValueJsonCodec.Parse(ValueJsonCodec.Write(tree)));
        }
        catch (ValueFormatException)
        {
        }
    }
}

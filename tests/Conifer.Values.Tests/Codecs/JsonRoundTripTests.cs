using Conifer.Values.Codecs;
using Conifer.Values.Tests.Generators;
using FsCheck.Xunit;

namespace Conifer.Values.Tests.Codecs;

public sealed class JsonRoundTripTests
{
    [Property(Arbitrary = [typeof(ArbitraryValues)], MaxTest = 300)]
    public void Any_tree_survives_write_and_parse(Value tree)
    {
        var json = ValueJsonCodec.Write(tree);

        Assert.Equal(tree, ValueJsonCodec.Parse(json));
    }

    [Property(Arbitrary = [typeof(ArbitraryValues)], MaxTest = 100)]
    public void Indented_text_and_utf8_input_parse_to_the_same_tree(Value tree)
    {
        var json = ValueJsonCodec.Write(tree, indented: true);

        Assert.Equal(tree, ValueJsonCodec.Parse(System.Text.Encoding.UTF8.GetBytes(json)));
    }

    [Property(Arbitrary = [typeof(ArbitraryValues)], MaxTest = 100)]
    public void Json_and_MessagePack_agree(Value tree)
    {
        var viaJson = ValueJsonCodec.Parse(ValueJsonCodec.Write(tree));

        Assert.Equal(ValueMessagePackCodec.Encode(tree), ValueMessagePackCodec.Encode(viaJson));
    }

    [Fact]
    public void Nesting_exactly_at_the_depth_limit_parses()
    {
        var deep = ArbitraryValues.Wrap(Enumerable.Range(0, ValueLimits.Default.MaxDepth).Select(i => i % 4), Value.Null.Instance);

        Assert.Equal(deep, ValueJsonCodec.Parse(ValueJsonCodec.Write(deep)));
    }
}

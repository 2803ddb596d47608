using Conifer.Values.Codecs;

namespace Conifer.Values.Tests.Codecs;

public sealed class JsonFormTests
{
    public static TheoryData<Value, string> Nodes => new()
    {
        { Value.Null.Instance, "null" },
        { Value.Bool.True, "true" },
        { new Value.Int(14), "14" },
        { new Value.Int(long.MinValue), "-9223372036854775808" },
        { new Value.Int(long.MaxValue), "9223372036854775807" },
        { new Value.Float(1.0), "1.0" },
        { new Value.Float(-0.0), "-0.0" },
        { new Value.Float(0.1), "0.1" },
        { new Value.Float(1e300), "1E+300" },
        { new Value.Float(double.NaN), """{"$float":"NaN"}""" },
        { new Value.Float(double.PositiveInfinity), """{"$float":"Infinity"}""" },
        { new Value.Float(double.NegativeInfinity), """{"$float":"-Infinity"}""" },
        { new Value.Decimal(1.50m), """{"$decimal":"1.50"}""" },
        { new Value.String("héllo \"名前\""), "\"héllo \\\"名前\\\"\"" },
        { new Value.Bytes([1, 2, 255]), """{"$bytes":"AQL/"}""" },
        { new Value.List([]), "[]" },
        { new Value.List([new Value.Int(1), Value.Null.Instance]), "[1,null]" },
        { new Value.Record([]), "{}" },
        { new Value.Record([new Field("Name", new Value.String("Ann")), new Field("$id", new Value.Int(1))]), """{"Name":"Ann","$$id":1}""" },
        { new Value.Tagged("Admin"), """{"$tag":"Admin"}""" },
        { new Value.Tagged("Circle", [new Field("Radius", new Value.Float(2))]), """{"$tag":"Circle","Radius":2.0}""" },
        { new Value.Dict([new(new Value.Int(1), new Value.String("a"))]), """{"$dict":[[1,"a"]]}""" },
        { new Value.Dict([]), """{"$dict":[]}""" },
    };

    [Theory]
    [MemberData(nameof(Nodes))]
    public void Each_node_kind_has_its_documented_json(Value value, string json)
    {
        Assert.Equal(json, ValueJsonCodec.Write(value));
        Assert.Equal(value, ValueJsonCodec.Parse(json));
    }

    [Theory]
    [InlineData("1", ValueKind.Int)]
    [InlineData("-0", ValueKind.Int)]
    [InlineData("1.0", ValueKind.Float)]
    [InlineData("1e2", ValueKind.Float)]
    [InlineData("1E-2", ValueKind.Float)]
    public void Numbers_with_a_point_or_exponent_are_floats_and_others_ints(string json, ValueKind kind) =>
        Assert.Equal(kind, ValueJsonCodec.Parse(json).Kind);

    [Fact]
    public void Decimal_scale_and_negative_zero_survive()
    {
        foreach (var value in new[] { 1.5m, 1.50m, 1.500m, -0.0m, new decimal(0, 0, 0, true, 3), decimal.MinValue, 0.0000000000000000000000000001m })
        {
            Assert.Equal(new Value.Decimal(value), ValueJsonCodec.Parse(ValueJsonCodec.Write(new Value.Decimal(value))));
        }
    }

    [Theory]
    [InlineData("9223372036854775808", 0, "outside the Int range")]
    [InlineData("[1,", 2, "Malformed JSON")]
    [InlineData("{\"a\":1,\"a\":2}", 0, "Duplicate field name 'a'")]
    [InlineData("{\"$what\":1}", 1, "Unknown marker \"$what\"")]
    [InlineData("{\"$float\":\"1.5\"}", 10, "\"$float\" must be")]
    [InlineData("{\"$decimal\":\"1e5\"}", 12, "\"$decimal\" must be")]
    [InlineData("{\"$tag\":\"\"}", 8, "Tag is empty")]
    [InlineData("{\"$dict\":[[1,2],[1,3]]}", 0, "Duplicate dictionary key")]
    [InlineData("{\"$dict\":[[1]]}", 10, "[key, value]")]
    [InlineData("1e400", 0, "outside the Float range")]
    [InlineData("1 2", 2, "")]
    [InlineData("", 0, "")]
    public void Malformed_json_names_the_problem_and_its_offset(string json, long offset, string problem)
    {
        var error = Assert.ThrowsAny<ValueFormatException>(() => ValueJsonCodec.Parse(json));

        Assert.Equal(offset, error.Offset);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains($"at offset {offset}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Offsets_in_text_count_characters_and_in_utf8_count_bytes()
    {
        const string json = "[\"é\", 9223372036854775808]";

        Assert.Equal(6, Assert.ThrowsAny<ValueFormatException>(() => ValueJsonCodec.Parse(json)).Offset);
        Assert.Equal(7, Assert.ThrowsAny<ValueFormatException>(() => ValueJsonCodec.Parse(System.Text.Encoding.UTF8.GetBytes(json))).Offset);
    }
}

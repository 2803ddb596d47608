using Conifer.Values.Codecs;

namespace Conifer.Values.Tests.Codecs;

public sealed class MessagePackMalformedInputTests
{
    [Theory]
    [InlineData("", 0, "does not start with the magic bytes")]
    [InlineData("435654", 0, "does not start with the magic bytes")]
    [InlineData("4a534f4ec0", 0, "does not start with the magic bytes")]
    [InlineData("43565402c0", 3, "Unsupported value format version 2")]
    [InlineData("43565401", 4, "Data ends where a node should start")]
    [InlineData("43565401c0c0", 5, "1 bytes follow the root node")]
    [InlineData("43565401c1", 4, "Invalid MessagePack code 0xc1")]
    [InlineData("43565401cbff", 4, "Data ends inside a node")]
    [InlineData("43565401cf8000000000000000", 4, "above the Int range")]
    [InlineData("43565401a2c328", 4, "String is not valid UTF-8")]
    [InlineData("435654018101c0", 5, "Field name must be a MessagePack str")]
    [InlineData("4356540182a16101a16102", 4, "Duplicate field name 'a'")]
    [InlineData("4356540192c700038201010102", 8, "Duplicate dictionary key 1")]
    [InlineData("4356540192c70103008001", 5, "Dict marker (ext type 3) has a 1-byte payload")]
    [InlineData("4356540192c7000391", 8, "Expected a map for a dict's entries")]
    [InlineData("43565401d40141", 4, "Ext type 1 may only open a 2-element array")]
    [InlineData("43565401c70002", 4, "Tag is empty")]
    [InlineData("43565401d40941", 4, "Unknown ext type 9")]
    [InlineData("43565401d704" + "0000000000000000", 4, "Decimal (ext type 4) has a 8-byte payload")]
    [InlineData("43565401d804" + "000000000000000000000000" + "00001d00", 4, "Decimal flags 0x001d0000 are invalid")]
    public void Malformed_documents_name_the_problem_and_its_offset(string hex, long offset, string problem)
    {
        var error = Assert.Throws<ValueFormatException>(() => ValueMessagePackCodec.Decode(Convert.FromHexString(hex)));

        Assert.Equal(offset, error.Offset);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"at offset {offset}.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_read_as_one_sentence_ending_in_the_offset()
    {
        var binary = Assert.Throws<ValueFormatException>(() => ValueMessagePackCodec.Decode(Convert.FromHexString("4356540182a16101a16102")));
        var json = Assert.Throws<ValueFormatException>(() => ValueJsonCodec.Parse("{\"a\":}"));

        Assert.Equal("Record is invalid: Duplicate field name 'a' at offset 4.", binary.Message);
        Assert.Equal("Malformed JSON: '}' is an invalid start of a value at offset 5.", json.Message);
    }

    [Fact]
    public void A_failed_embedded_read_reports_offsets_from_the_start_of_the_reader()
    {
        var bytes = Convert.FromHexString("93a3616263c1");

        var error = Assert.Throws<ValueFormatException>(() => DecodeNode(bytes, 5));

        Assert.Equal(5, error.Offset);
    }

    private static Value DecodeNode(byte[] bytes, int skip)
    {
        var reader = new MessagePack.MessagePackReader(bytes);
        reader.ReadRaw(skip);
        return ValueMessagePackCodec.ReadNode(ref reader, ValueLimits.Default);
    }
}

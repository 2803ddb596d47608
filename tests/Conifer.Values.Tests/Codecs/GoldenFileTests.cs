using Conifer.Values.Codecs;

namespace Conifer.Values.Tests.Codecs;

/// <summary>
/// The checked-in encodings of <see cref="GoldenTree.V1"/>: stores written by format version 1
/// must stay readable, and the encoder must keep producing exactly these bytes. A failure here
/// means the format changed; that needs a new version number, never an edited golden file.
/// </summary>
public sealed class GoldenFileTests
{
    private static string GoldenPath(string name) => Path.Combine(AppContext.BaseDirectory, "golden", name);

    [Fact]
    public void Encoding_the_fixed_tree_gives_exactly_the_golden_bytes() =>
        Assert.Equal(File.ReadAllBytes(GoldenPath("v1-tree.cvt")), ValueMessagePackCodec.Encode(GoldenTree.V1));

    [Fact]
    public void Decoding_the_golden_bytes_gives_the_fixed_tree() =>
        Assert.Equal(GoldenTree.V1, ValueMessagePackCodec.Decode(File.ReadAllBytes(GoldenPath("v1-tree.cvt"))));

    [Fact]
    public void Decoding_the_golden_bytes_under_untrusted_limits_gives_the_fixed_tree() =>
        Assert.Equal(GoldenTree.V1, ValueMessagePackCodec.Decode(File.ReadAllBytes(GoldenPath("v1-tree.cvt")), ValueLimits.UntrustedData));

    [Fact]
    public void Writing_the_fixed_tree_as_indented_json_gives_exactly_the_golden_text() =>
        Assert.Equal(File.ReadAllText(GoldenPath("v1-tree.json")), ValueJsonCodec.Write(GoldenTree.V1, indented: true) + "\n");

    [Fact]
    public void Parsing_the_golden_json_gives_the_fixed_tree() =>
        Assert.Equal(GoldenTree.V1, ValueJsonCodec.Parse(File.ReadAllText(GoldenPath("v1-tree.json"))));
}

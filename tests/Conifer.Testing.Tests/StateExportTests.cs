using System.Text;
using Conifer.Runtime.Rehearsal;
using Conifer.Values;
using Conifer.Values.Codecs;

namespace Conifer.Testing.Tests;

public class StateExportTests
{
    private static readonly Value State = new Value.Record(
    [
        new Field("Total", new Value.Int(14)),
        new Field("Tags", new Value.List([new Value.Tagged("Admin"), new Value.String("x")])),
    ]);

    [Fact]
    public void A_json_export_reads_back_with_its_version_stamp()
    {
        var export = new StateExport("f0c9", State);

        var read = StateExport.Read(export.ToJson());

        Assert.Equal(export, read);
        Assert.StartsWith("{\n  \"coniferExport\": 1,\n  \"versionId\": \"f0c9\"", Encoding.UTF8.GetString(export.ToJson()));
    }

    [Fact]
    public void A_messagepack_export_reads_back_with_its_version_stamp()
    {
        var export = new StateExport("f0c9", State);

        Assert.Equal(export, StateExport.Read(export.ToMessagePack()));
        Assert.Equal(new StateExport(null, State), StateExport.Read(new StateExport(null, State).ToMessagePack()));
    }

    [Fact]
    public void A_bare_tree_in_json_or_as_a_value_document_reads_as_an_unstamped_state()
    {
        Assert.Equal(new StateExport(null, State), StateExport.Read(Encoding.UTF8.GetBytes(ValueJsonCodec.Write(State))));
        Assert.Equal(new StateExport(null, State), StateExport.Read(ValueMessagePackCodec.Encode(State)));
        Assert.Equal(new StateExport(null, new Value.Int(14)), StateExport.Read("14"u8.ToArray()));
    }

    [Fact]
    public void Bytes_that_are_no_state_throw_a_value_format_exception()
    {
        Assert.Throws<ValueFormatException>(() => StateExport.Read("{oops"u8.ToArray()));
        Assert.Throws<ValueFormatException>(() => StateExport.Read("""{"coniferExport": 1, "versionId": "a"}"""u8.ToArray()));
    }

    [Theory]
    [InlineData("state.cvt", true)]
    [InlineData("state.MSGPACK", true)]
    [InlineData("state.json", false)]
    [InlineData("state", false)]
    public void The_file_name_picks_the_format(string path, bool messagePack) =>
        Assert.Equal(messagePack, StateExport.IsMessagePackPath(path));
}

using System.Buffers;
using System.Text;
using System.Text.Json;
using Conifer.Values;
using Conifer.Values.Codecs;

namespace Conifer.Runtime.Rehearsal;

/// <summary>
/// A state file as <c>conifer state export</c> writes it and <c>migrate test</c>, <c>state import</c>
/// and Conifer.Testing read it (docs/migrations.md, "The export format"). JSON:
/// <c>{"coniferExport": 1, "versionId": "…", "state": &lt;the tree's JSON form&gt;}</c>. MessagePack: a
/// value document whose root is <c>Tagged "ConiferExport"</c> with fields <c>versionId</c> and
/// <c>state</c>. A bare tree (JSON, or a plain value document as a store holds it) reads as an
/// unstamped state.
/// </summary>
/// <param name="VersionId">The app version the state was exported from; null when unstamped.</param>
/// <param name="State">The state tree.</param>
public sealed record StateExport(string? VersionId, Value State)
{
    private const string Tag = "ConiferExport";
    private const string Marker = "coniferExport";

    /// <summary>Reads a state file in any of the accepted forms.</summary>
    /// <exception cref="ValueFormatException">The bytes are neither a value document nor the tree's JSON form.</exception>
    public static StateExport Read(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Span.StartsWith(ValueFormat.Header))
        {
            var tree = ValueMessagePackCodec.Decode(bytes, ValueLimits.Default);
            if (tree is Value.Tagged { Tag: Tag } tagged && tagged.Fields.Any(f => f.Name == "state"))
            {
                var state = tagged.Fields.First(f => f.Name == "state").Value;
                var version = tagged.Fields.FirstOrDefault(f => f.Name == "versionId").Value as Value.String;
                return new StateExport(version?.Value, state);
            }
            return new StateExport(null, tree);
        }
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(Marker, out _))
            {
                var version = root.TryGetProperty("versionId", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                if (!root.TryGetProperty("state", out var state))
                {
                    throw new ValueFormatException(0, "a Conifer export has no \"state\" member");
                }
                return new StateExport(version, ValueJsonCodec.Parse(Encoding.UTF8.GetBytes(state.GetRawText()), ValueLimits.Default));
            }
        }
        catch (JsonException)
        {
            // Not JSON at all: the tree parser below names the offset.
        }
        return new StateExport(null, ValueJsonCodec.Parse(bytes.Span, ValueLimits.Default));
    }

    /// <summary>Reads a state file from disk.</summary>
    public static StateExport ReadFile(string path) => Read(File.ReadAllBytes(path));

    /// <summary>The JSON form, indented.</summary>
    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber(Marker, 1);
            if (VersionId is null)
            {
                writer.WriteNull("versionId");
            }
            else
            {
                writer.WriteString("versionId", VersionId);
            }
            writer.WritePropertyName("state");
            ValueJsonCodec.Write(writer, State);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The MessagePack form: one value document.</summary>
    public byte[] ToMessagePack() => ValueMessagePackCodec.Encode(new Value.Tagged(Tag,
    [
        new Field("versionId", VersionId is null ? Value.Null.Instance : new Value.String(VersionId)),
        new Field("state", State),
    ]));

    /// <summary>Writes the file: MessagePack when the name ends in <c>.cvt</c> or <c>.msgpack</c>, JSON otherwise.</summary>
    public void WriteFile(string path)
    {
        var bytes = IsMessagePackPath(path) ? ToMessagePack() : ToJson();
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>True for the file names that mean MessagePack (<c>.cvt</c>, <c>.msgpack</c>).</summary>
    public static bool IsMessagePackPath(string path) =>
        path.EndsWith(".cvt", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".msgpack", StringComparison.OrdinalIgnoreCase);
}

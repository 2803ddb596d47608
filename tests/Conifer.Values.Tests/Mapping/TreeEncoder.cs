using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using MessagePack;

namespace Conifer.Values.Tests.Mapping;

/// <summary>
/// An independent tree → bytes encoder written from docs/value-format.md, so that the mapping's
/// fast path can be checked byte for byte against the specification.
/// </summary>
internal static class TreeEncoder
{
    public static byte[] Document(Value value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteRaw("CVT\u0001"u8);
        Write(ref writer, value);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(ref MessagePackWriter writer, Value value)
    {
        switch (value)
        {
            case Value.Null:
                writer.WriteNil();
                break;
            case Value.Bool b:
                writer.Write(b.Value);
                break;
            case Value.Int i:
                writer.Write(i.Value);
                break;
            case Value.Float f:
                // Every NaN is written as cb ff f8 00 00 00 00 00 00 (the spec's one NaN).
                writer.Write(double.IsNaN(f.Value) ? BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8_0000_0000_0000)) : f.Value);
                break;
            case Value.Decimal d:
                {
                    var bytes = new byte[16];
                    var bits = decimal.GetBits(d.Value);
                    for (var k = 0; k < 4; k++)
                    {
                        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(k * 4), bits[k]);
                    }
                    writer.WriteExtensionFormat(new ExtensionResult(4, bytes));
                    break;
                }
            case Value.String s:
                writer.Write(s.Value);
                break;
            case Value.Bytes b:
                writer.Write(b.Value.AsSpan());
                break;
            case Value.List l:
                writer.WriteArrayHeader(l.Items.Length);
                foreach (var item in l.Items)
                {
                    Write(ref writer, item);
                }
                break;
            case Value.Dict d:
                writer.WriteArrayHeader(2);
                writer.WriteExtensionFormat(new ExtensionResult(3, Array.Empty<byte>()));
                writer.WriteMapHeader(d.Entries.Length);
                foreach (var (key, item) in d.Entries)
                {
                    Write(ref writer, key);
                    Write(ref writer, item);
                }
                break;
            case Value.Record r:
                WriteFields(ref writer, r.Fields);
                break;
            case Value.Tagged t when t.Fields.IsEmpty:
                writer.WriteExtensionFormat(new ExtensionResult(2, Encoding.UTF8.GetBytes(t.Tag)));
                break;
            case Value.Tagged t:
                writer.WriteArrayHeader(2);
                writer.WriteExtensionFormat(new ExtensionResult(1, Encoding.UTF8.GetBytes(t.Tag)));
                WriteFields(ref writer, t.Fields);
                break;
            default:
                throw new InvalidOperationException($"unhandled node {value.GetType().Name}");
        }
    }

    private static void WriteFields(ref MessagePackWriter writer, System.Collections.Immutable.ImmutableArray<Field> fields)
    {
        writer.WriteMapHeader(fields.Length);
        foreach (var field in fields)
        {
            writer.Write(field.Name);
            Write(ref writer, field.Value);
        }
    }
}

using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.Unicode;
using MessagePack;

namespace Conifer.Values.Codecs;

/// <summary>Writes tree nodes in the canonical MessagePack form of docs/value-format.md.</summary>
internal static class MessagePackTreeWriter
{
    /// <summary>Writes <paramref name="value"/> and everything below it.</summary>
    public static void Write(ref MessagePackWriter writer, Value value, EncodedNameCache names, int depth = 0)
    {
        // Type tests on the sealed cases, most frequent first, cost one method-table compare each:
        // cheaper than dispatching through the virtual Kind on a walk over millions of nodes.
        switch (value)
        {
            case Value.String text:
                WriteString(ref writer, text.Value);
                break;
            case Value.Int integer:
                writer.Write(integer.Value);
                break;
            case Value.Record record:
                WriteFields(ref writer, record.Fields, names, depth);
                break;
            case Value.Bool boolean:
                writer.Write(boolean.Value);
                break;
            case Value.List list:
                WriteList(ref writer, list.Items, names, depth);
                break;
            case Value.Tagged tagged:
                WriteTagged(ref writer, tagged, names, depth);
                break;
            case Value.Null:
                writer.WriteNil();
                break;
            case Value.Float number:
                // Every NaN equals every NaN in the tree, so all are written with one bit pattern
                // (that of double.NaN) to keep equal trees at equal bytes.
                writer.Write(double.IsNaN(number.Value) ? double.NaN : number.Value);
                break;
            case Value.Decimal number:
                WriteDecimal(ref writer, number.Value);
                break;
            case Value.Bytes bytes:
                writer.Write(bytes.Value.AsSpan());
                break;
            case Value.Dict dict:
                WriteDict(ref writer, dict.Entries, names, depth);
                break;
            default:
                throw new InvalidOperationException($"{nameof(MessagePackTreeWriter)}.{nameof(Write)}: unhandled node kind {value.Kind}.");
        }
    }

    /// <summary>Writes a str, refusing text that is not valid UTF-16 rather than storing replacement characters.</summary>
    public static void WriteString(ref MessagePackWriter writer, string text)
    {
        if (text.Length <= 10)
        {
            // At most 30 bytes: always a fixstr, so encode straight behind a one-byte header.
            var span = writer.GetSpan(1 + (3 * text.Length));
            var length = Transcode(text, span[1..]);
            span[0] = (byte)(0xa0 | length);
            writer.Advance(1 + length);
            return;
        }
        var byteCount = Utf8NameCache.StrictUtf8.GetByteCount(text);
        writer.WriteStringHeader(byteCount);
        var body = writer.GetSpan(byteCount);
        Transcode(text, body);
        writer.Advance(byteCount);
    }

    /// <summary>UTF-16 to UTF-8 into a span known to be large enough; an unpaired surrogate is an error.</summary>
    private static int Transcode(string text, Span<byte> destination)
    {
        var status = Utf8.FromUtf16(text, destination, out _, out var written, replaceInvalidSequences: false);
        return status == OperationStatus.Done
            ? written
            : throw new ArgumentException($"A string of {text.Length} characters holds an unpaired surrogate, which UTF-8, and so the value format, cannot carry.", nameof(text));
    }

    private static void WriteName(ref MessagePackWriter writer, string name, EncodedNameCache names)
    {
        var encoded = names.Get(name);
        if (encoded is null)
        {
            WriteString(ref writer, name);
        }
        else
        {
            writer.WriteRaw(encoded);
        }
    }

    private static void WriteDecimal(ref MessagePackWriter writer, decimal value)
    {
        writer.WriteExtensionFormatHeader(new ExtensionHeader(ValueFormat.DecimalExtType, 16));
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var span = writer.GetSpan(16);
        BinaryPrimitives.WriteInt32LittleEndian(span, bits[0]);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], bits[1]);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], bits[2]);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], bits[3]);
        writer.Advance(16);
    }

    /// <summary>
    /// Refuses trees nested deeper than the stack can recurse (with an exception, not a crash).
    /// Probing the stack costs a runtime call, so it is done once every 16 levels, well within
    /// the margin the probe guarantees.
    /// </summary>
    private static void CheckStack(int depth)
    {
        if ((depth & 15) == 0)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
        }
    }

    private static void WriteList(ref MessagePackWriter writer, ImmutableArray<Value> items, EncodedNameCache names, int depth)
    {
        CheckStack(depth);
        writer.WriteArrayHeader(items.Length);
        foreach (var item in items)
        {
            Write(ref writer, item, names, depth + 1);
        }
    }

    private static void WriteDict(ref MessagePackWriter writer, ImmutableArray<KeyValuePair<Value, Value>> entries, EncodedNameCache names, int depth)
    {
        CheckStack(depth);
        writer.WriteArrayHeader(2);
        writer.WriteExtensionFormatHeader(new ExtensionHeader(ValueFormat.DictMarkerExtType, 0));
        writer.WriteMapHeader(entries.Length);
        foreach (var entry in entries)
        {
            Write(ref writer, entry.Key, names, depth + 1);
            Write(ref writer, entry.Value, names, depth + 1);
        }
    }

    private static void WriteFields(ref MessagePackWriter writer, ImmutableArray<Field> fields, EncodedNameCache names, int depth)
    {
        CheckStack(depth);
        writer.WriteMapHeader(fields.Length);
        foreach (var field in fields)
        {
            WriteName(ref writer, field.Name, names);
            Write(ref writer, field.Value, names, depth + 1);
        }
    }

    private static void WriteTagged(ref MessagePackWriter writer, Value.Tagged tagged, EncodedNameCache names, int depth)
    {
        if (tagged.Fields.IsEmpty)
        {
            WriteTag(ref writer, ValueFormat.FieldlessTagExtType, tagged.Tag);
            return;
        }
        writer.WriteArrayHeader(2);
        WriteTag(ref writer, ValueFormat.TagHeaderExtType, tagged.Tag);
        WriteFields(ref writer, tagged.Fields, names, depth);
    }

    private static void WriteTag(ref MessagePackWriter writer, sbyte extType, string tag)
    {
        var length = Utf8NameCache.StrictUtf8.GetByteCount(tag);
        writer.WriteExtensionFormatHeader(new ExtensionHeader(extType, length));
        var span = writer.GetSpan(length);
        Transcode(tag, span);
        writer.Advance(length);
    }
}

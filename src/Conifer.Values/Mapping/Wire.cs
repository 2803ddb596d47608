using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;
using Conifer.Values.Codecs;
using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary>
/// The byte-level vocabulary of docs/value-format.md shared by every mapper's fast path:
/// ext type codes, node-kind detection with one element of look-ahead, strict UTF-8, the
/// decimal layout, and an iterative skip that hostile nesting cannot use to overflow the stack.
/// </summary>
internal static class Wire
{
    public const sbyte TaggedWithFieldsExt = 1;
    public const sbyte TaggedExt = 2;
    public const sbyte DictExt = 3;
    public const sbyte DecimalExt = 4;

    /// <summary>The header of a Dict node: array of 2, then ext type 3 with an empty payload.</summary>
    public static readonly byte[] DictHeader = [0x92, 0xc7, 0x00, 0x03];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Encodes <paramref name="text"/> as a MessagePack str, for writing a field name with one copy.</summary>
    public static byte[] EncodeStr(string text) => Encode((ref MessagePackWriter w) => w.Write(text));

    /// <summary>Encodes a map header for <paramref name="count"/> entries.</summary>
    public static byte[] EncodeMapHeader(int count) => Encode((ref MessagePackWriter w) => w.WriteMapHeader(count));

    /// <summary>The prefix of a Tagged node up to its fields: the ext 2 node when <paramref name="withFields"/> is false,
    /// otherwise the array-of-2 header and the ext 1 node (the field map follows).</summary>
    public static byte[] EncodeTag(string tag, bool withFields) => Encode((ref MessagePackWriter w) =>
    {
        var payload = Encoding.UTF8.GetBytes(tag);
        if (withFields)
        {
            w.WriteArrayHeader(2);
        }
        w.WriteExtensionFormatHeader(new ExtensionHeader(withFields ? TaggedWithFieldsExt : TaggedExt, (uint)payload.Length));
        w.WriteRaw(payload);
    });

    public static void WriteDecimal(ref MessagePackWriter writer, decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        writer.WriteExtensionFormatHeader(new ExtensionHeader(DecimalExt, 16));
        var span = writer.GetSpan(16);
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[(i * 4)..], bits[i]);
        }
        writer.Advance(16);
    }

    /// <summary>The kind of the next node, without consuming it. Throws on bytes no node starts with.</summary>
    public static ValueKind PeekKind(ref MessagePackReader reader)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil: return ValueKind.Null;
            case MessagePackType.Boolean: return ValueKind.Bool;
            case MessagePackType.Integer: return ValueKind.Int;
            case MessagePackType.Float: return ValueKind.Float;
            case MessagePackType.String: return ValueKind.String;
            case MessagePackType.Binary: return ValueKind.Bytes;
            case MessagePackType.Map: return ValueKind.Record;
            case MessagePackType.Extension:
                {
                    var peek = reader;
                    var header = peek.ReadExtensionFormatHeader();
                    return header.TypeCode switch
                    {
                        TaggedExt => ValueKind.Tagged,
                        DecimalExt when header.Length == 16 => ValueKind.Decimal,
                        _ => throw Corrupt(ref reader, $"ext type {header.TypeCode} of length {header.Length} is not a node"),
                    };
                }
            case MessagePackType.Array:
                {
                    var peek = reader;
                    if (peek.ReadArrayHeader() == 2 && peek.NextMessagePackType == MessagePackType.Extension)
                    {
                        var header = peek.ReadExtensionFormatHeader();
                        return header.TypeCode switch
                        {
                            TaggedWithFieldsExt => ValueKind.Tagged,
                            DictExt when header.Length == 0 => ValueKind.Dict,
                            _ => ValueKind.List,
                        };
                    }
                    return ValueKind.List;
                }
            case MessagePackType.Unknown:
            default:
                throw Corrupt(ref reader, $"byte 0x{reader.NextCode:x2} starts no node");
        }
    }

    /// <summary>True when the next node is an array that is a List (not a Tagged or Dict header).</summary>
    public static bool IsList(ref MessagePackReader reader, ReadContext context, out int count)
    {
        count = 0;
        if (reader.NextMessagePackType != MessagePackType.Array)
        {
            return false;
        }
        var peek = reader;
        count = peek.ReadArrayHeader();
        if (count == 2 && PeekKind(ref reader) != ValueKind.List)
        {
            return false;
        }
        ReadArrayHeader(ref reader, context);
        return true;
    }

    /// <summary>True (and the Dict header consumed) when the next node is a Dict; <paramref name="count"/> is its entry count.</summary>
    public static bool IsDict(ref MessagePackReader reader, ReadContext context, out int count)
    {
        count = 0;
        if (reader.NextMessagePackType != MessagePackType.Array || PeekKind(ref reader) != ValueKind.Dict)
        {
            return false;
        }
        reader.ReadArrayHeader();
        reader.ReadExtensionFormatHeader();
        if (reader.NextMessagePackType != MessagePackType.Map)
        {
            throw Corrupt(ref reader, "a Dict marker is not followed by a map");
        }
        count = ReadMapHeader(ref reader, context);
        return true;
    }

    public static int ReadArrayHeader(ref MessagePackReader reader, ReadContext context) =>
        CheckCount(ref reader, context, reader.ReadArrayHeader());

    public static int ReadMapHeader(ref MessagePackReader reader, ReadContext context) =>
        CheckCount(ref reader, context, reader.ReadMapHeader());

    /// <summary>Reads an Int node (the caller checked the kind); a uint64 above <see cref="long.MaxValue"/> is corrupt.</summary>
    public static long ReadInt(ref MessagePackReader reader)
    {
        if (reader.NextCode == MessagePackCode.UInt64)
        {
            var offset = reader.Consumed;
            var value = reader.ReadUInt64();
            return value <= long.MaxValue ? (long)value : throw FormatErrors.Malformed(offset, $"uint64 {value} is above the Int range");
        }
        return reader.ReadInt64();
    }

    /// <summary>Reads a Float node (the caller checked the kind).</summary>
    public static double ReadFloat(ref MessagePackReader reader) => reader.ReadDouble();

    /// <summary>Reads a Decimal node (the caller checked the kind).</summary>
    public static decimal ReadDecimal(ref MessagePackReader reader)
    {
        reader.ReadExtensionFormatHeader();
        var raw = reader.ReadRaw(16);
        Span<byte> bytes = stackalloc byte[16];
        raw.CopyTo(bytes);
        Span<int> bits = stackalloc int[4];
        for (var i = 0; i < 4; i++)
        {
            bits[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..]);
        }
        try
        {
            return new decimal(bits);
        }
        catch (ArgumentException)
        {
            throw FormatErrors.Malformed(reader.Consumed - 16, "invalid decimal bits");
        }
    }

    /// <summary>
    /// Writes a str of strict UTF-8, exactly as the tree codec does: an unpaired surrogate has no UTF-8
    /// form, and storing a replacement character instead would change the data silently.
    /// </summary>
    public static void WriteString(ref MessagePackWriter writer, string? text)
    {
        if (text is null)
        {
            writer.WriteNil();
            return;
        }
        if (text.Length <= 10)
        {
            // At most 30 bytes: always a fixstr, so encode straight behind a one-byte header.
            var span = writer.GetSpan(1 + (3 * text.Length));
            var length = Transcode(text, span[1..]);
            span[0] = (byte)(0xa0 | length);
            writer.Advance(1 + length);
            return;
        }
        int byteCount;
        try
        {
            byteCount = StrictUtf8.GetByteCount(text);
        }
        catch (EncoderFallbackException)
        {
            throw UnpairedSurrogate(text);
        }
        writer.WriteStringHeader(byteCount);
        Transcode(text, writer.GetSpan(byteCount));
        writer.Advance(byteCount);
    }

    /// <summary>Checks that <paramref name="text"/> has a UTF-8 form (the tree path's twin of <see cref="WriteString"/>).</summary>
    public static string CheckText(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                throw UnpairedSurrogate(text);
            }
        }
        return text;
    }

    /// <summary>Every NaN is written with the bits of <see cref="double.NaN"/>: NaNs are one value in the tree, so equal trees stay equal bytes.</summary>
    public static void WriteFloat(ref MessagePackWriter writer, double value) => writer.Write(double.IsNaN(value) ? double.NaN : value);

    /// <summary>Reads a bin node within the string limit (which bounds byte strings too).</summary>
    public static byte[] ReadBytes(ref MessagePackReader reader, ReadContext context)
    {
        var offset = reader.Consumed;
        var bytes = reader.ReadBytes()!.Value;
        return bytes.Length <= context.Limits.MaxStringBytes
            ? bytes.ToArray()
            : throw FormatErrors.LimitExceeded(offset, nameof(context.Limits.MaxStringBytes), context.Limits.MaxStringBytes, $"a byte string of {bytes.Length} bytes exceeds the limit of {context.Limits.MaxStringBytes}");
    }

    /// <summary>Reads a str node as strict UTF-8 within the string limit.</summary>
    public static string ReadString(ref MessagePackReader reader, ReadContext context)
    {
        var offset = reader.Consumed;
        if (!reader.TryReadStringSpan(out var span))
        {
            var sequence = reader.ReadStringSequence() ?? throw FormatErrors.Malformed(offset, "expected a string");
            span = sequence.ToArray();
        }
        return Decode(span, offset, context);
    }

    /// <summary>Reads the tag of a Tagged node: its ext header (after the array header for one with fields) and payload.</summary>
    public static ReadOnlySpan<byte> ReadTagBytes(ref MessagePackReader reader, out bool withFields)
    {
        withFields = reader.NextMessagePackType == MessagePackType.Array;
        if (withFields)
        {
            reader.ReadArrayHeader();
        }
        var header = reader.ReadExtensionFormatHeader();
        if (header.Length == 0)
        {
            throw Corrupt(ref reader, "a tag is empty");
        }
        var payload = reader.ReadRaw(header.Length);
        return payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray();
    }

    public static string DecodeTag(ReadOnlySpan<byte> tag, long offset, ReadContext context) => Decode(tag, offset, context);

    /// <summary>Consumes the next node and returns what a mismatch shows for it (<see cref="StoredText"/>).</summary>
    public static string Preview(ref MessagePackReader reader, ReadContext context)
    {
        var kind = PeekKind(ref reader);
        switch (kind)
        {
            case ValueKind.Null:
                reader.ReadNil();
                return "Null";
            case ValueKind.Bool:
                return StoredText.Bool(reader.ReadBoolean());
            case ValueKind.Int:
                return StoredText.Int(ReadInt(ref reader));
            case ValueKind.Float:
                return StoredText.Float(ReadFloat(ref reader));
            case ValueKind.Decimal:
                return StoredText.Decimal(ReadDecimal(ref reader));
            case ValueKind.String:
                return StoredText.String(ReadString(ref reader, context));
            case ValueKind.Tagged:
                {
                    var offset = reader.Consumed;
                    var tag = DecodeTag(ReadTagBytes(ref reader, out var withFields), offset, context);
                    if (withFields)
                    {
                        SkipFields(ref reader, context);
                    }
                    return StoredText.Tagged(tag);
                }
            case ValueKind.Bytes:
            case ValueKind.List:
            case ValueKind.Dict:
            case ValueKind.Record:
                Skip(ref reader, context);
                return kind.ToString();
            default:
                throw new InvalidOperationException($"{nameof(Preview)}: unhandled kind {kind}");
        }
    }

    /// <summary>
    /// Skips one node the type has no use for (an unknown field, a mismatched value), checking it as
    /// strictly as the value codec does: invalid bytes anywhere in the document throw, whether or not
    /// the type reads them. The depth limit counts from the document's root.
    /// </summary>
    public static void Skip(ref MessagePackReader reader, ReadContext context)
    {
        // Decoded from the context's contiguous copy of the input: the codec copies a segmented
        // input before decoding, which per skipped node would make reading quadratic.
        var node = new MessagePackReader(context.Source);
        node.ReadRaw(reader.Consumed);
        ValueMessagePackCodec.ReadNode(ref node, context.Limits, context.Depth);
        reader.ReadRaw(node.Consumed - reader.Consumed);
    }

    /// <summary>Skips the value of the unknown field <see cref="ReadContext.UnknownField"/> (checked like <see cref="Skip"/>) and notes it as ignored.</summary>
    public static void SkipIgnored(ref MessagePackReader reader, ReadContext context)
    {
        var node = new MessagePackReader(context.Source);
        node.ReadRaw(reader.Consumed);
        var value = ValueMessagePackCodec.ReadNode(ref node, context.Limits, context.Depth);
        reader.ReadRaw(node.Consumed - reader.Consumed);
        context.Ignore(context.UnknownField ?? "?", value);
    }

    /// <summary>
    /// The tree of the node at <paramref name="offset"/> of <paramref name="source"/>, read by the value
    /// codec: the fast path needs it only to render a dictionary key in a mismatch path and to tell a
    /// repeated key from two keys that meet as one CLR key.
    /// </summary>
    public static Value NodeAt(ReadOnlyMemory<byte> source, long offset, ValueLimits limits)
    {
        var reader = new MessagePackReader(source);
        reader.ReadRaw(offset);
        return ValueMessagePackCodec.ReadNode(ref reader, limits);
    }

    /// <summary>Skips the field map of a Tagged node whose tag the type does not know (checked like <see cref="Skip"/>).</summary>
    public static void SkipFields(ref MessagePackReader reader, ReadContext context)
    {
        if (reader.NextMessagePackType != MessagePackType.Map)
        {
            throw Corrupt(ref reader, "a tag with fields is not followed by a map");
        }
        Skip(ref reader, context);
    }

    public static Exception Corrupt(ref MessagePackReader reader, string message) => FormatErrors.Malformed(reader.Consumed, message);

    private static int CheckCount(ref MessagePackReader reader, ReadContext context, int count) =>
        count <= context.Limits.MaxCollectionCount
            ? count
            : throw FormatErrors.LimitExceeded(reader.Consumed, nameof(context.Limits.MaxCollectionCount), context.Limits.MaxCollectionCount, $"{count} elements exceed the limit of {context.Limits.MaxCollectionCount}");

    private static string Decode(ReadOnlySpan<byte> bytes, long offset, ReadContext context)
    {
        if (bytes.Length > context.Limits.MaxStringBytes)
        {
            throw FormatErrors.LimitExceeded(offset, nameof(context.Limits.MaxStringBytes), context.Limits.MaxStringBytes, $"a string of {bytes.Length} bytes exceeds the limit of {context.Limits.MaxStringBytes}");
        }
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw FormatErrors.Malformed(offset, "invalid UTF-8 in a string");
        }
    }

    private static int Transcode(string text, Span<byte> destination) =>
        Utf8.FromUtf16(text, destination, out _, out var written, replaceInvalidSequences: false) == OperationStatus.Done
            ? written
            : throw UnpairedSurrogate(text);

    private static UnsupportedTypeException UnpairedSurrogate(string text) =>
        new(typeof(string), "$", typeof(string), $"and a string of {text.Length} characters holds an unpaired surrogate, which has no UTF-8 form");

    private delegate void WriteAction(ref MessagePackWriter writer);

    private static byte[] Encode(WriteAction write)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        var writer = new MessagePackWriter(buffer);
        write(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}

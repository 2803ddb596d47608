using System.Buffers;
using System.Collections.Immutable;
using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary>
/// Reads one node of a value document into a tree. The fast path needs it only to render a
/// dictionary key in a mismatch path; it follows docs/value-format.md like the value codec does.
/// </summary>
internal static class TreeReader
{
    /// <summary>Reads the node that starts at <paramref name="offset"/> in <paramref name="source"/>.</summary>
    public static Value ReadAt(ReadOnlyMemory<byte> source, long offset)
    {
        var reader = new MessagePackReader(source[(int)offset..]);
        try
        {
            return Read(ref reader, new ReadContext(MappingLimits.Default, source));
        }
        catch (Exception e) when (e is ArgumentException or EndOfStreamException or MessagePackSerializationException or OverflowException)
        {
            // Duplicate keys or field names are rejected by the tree's constructors.
            throw FormatErrors.Malformed(offset + reader.Consumed, e.Message, e);
        }
    }

    public static Value Read(ref MessagePackReader reader, ReadContext context)
    {
        var kind = Wire.PeekKind(ref reader);
        switch (kind)
        {
            case ValueKind.Null:
                reader.ReadNil();
                return Value.Null.Instance;
            case ValueKind.Bool:
                return Value.Bool.Of(reader.ReadBoolean());
            case ValueKind.Int:
                return new Value.Int(Wire.ReadInt(ref reader));
            case ValueKind.Float:
                return new Value.Float(Wire.ReadFloat(ref reader));
            case ValueKind.Decimal:
                return new Value.Decimal(Wire.ReadDecimal(ref reader));
            case ValueKind.String:
                return new Value.String(Wire.ReadString(ref reader, context));
            case ValueKind.Bytes:
                return new Value.Bytes([.. Wire.ReadBytes(ref reader, context)]);
            case ValueKind.List:
                {
                    context.Enter(reader.Consumed);
                    var count = Wire.ReadArrayHeader(ref reader, context);
                    var items = ImmutableArray.CreateBuilder<Value>(count);
                    for (var i = 0; i < count; i++)
                    {
                        items.Add(Read(ref reader, context));
                    }
                    context.Exit();
                    return new Value.List(items.MoveToImmutable());
                }
            case ValueKind.Dict:
                {
                    context.Enter(reader.Consumed);
                    Wire.IsDict(ref reader, context, out var count);
                    var entries = ImmutableArray.CreateBuilder<KeyValuePair<Value, Value>>(count);
                    for (var i = 0; i < count; i++)
                    {
                        var key = Read(ref reader, context);
                        entries.Add(new(key, Read(ref reader, context)));
                    }
                    context.Exit();
                    return new Value.Dict(entries.MoveToImmutable());
                }
            case ValueKind.Record:
                {
                    context.Enter(reader.Consumed);
                    var fields = ReadFields(ref reader, context);
                    context.Exit();
                    return new Value.Record(fields);
                }
            case ValueKind.Tagged:
                {
                    var offset = reader.Consumed;
                    var tag = Wire.DecodeTag(Wire.ReadTagBytes(ref reader, out var withFields), offset, context);
                    if (!withFields)
                    {
                        return new Value.Tagged(tag);
                    }
                    context.Enter(offset);
                    var fields = ReadFields(ref reader, context);
                    context.Exit();
                    return new Value.Tagged(tag, fields);
                }
            default:
                throw new InvalidOperationException($"{nameof(Read)}: unhandled kind {kind}");
        }
    }

    private static ImmutableArray<Field> ReadFields(ref MessagePackReader reader, ReadContext context)
    {
        if (reader.NextMessagePackType != MessagePackType.Map)
        {
            throw Wire.Corrupt(ref reader, "expected a map of fields");
        }
        var count = Wire.ReadMapHeader(ref reader, context);
        var fields = ImmutableArray.CreateBuilder<Field>(count);
        for (var i = 0; i < count; i++)
        {
            if (reader.NextMessagePackType != MessagePackType.String)
            {
                throw Wire.Corrupt(ref reader, "a field name must be a string");
            }
            var name = Wire.ReadString(ref reader, context);
            fields.Add(new Field(name, Read(ref reader, context)));
        }
        return fields.MoveToImmutable();
    }
}

using System.Buffers;
using System.Text;
using System.Text.Unicode;
using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary>The steps of reading a record's field map that the compiled readers call.</summary>
internal static class RecordFieldReading
{
    /// <summary>
    /// Reads a field name and returns the index of the known field it names, or -1. Names are
    /// compared as UTF-8 bytes (no string is made); the field expected at this position is tried first,
    /// because data written by the same type has its fields in declaration order. The names of
    /// unknown fields are kept in <paramref name="unknown"/> and the last one in <see cref="ReadContext.UnknownField"/> (made on the first one), so that a
    /// name stored twice is rejected whether the type knows it or not, as the value codec does.
    /// </summary>
    public static int MatchKey(ref MessagePackReader reader, RecordField[] fields, int position, ref HashSet<string>? unknown, ReadContext context)
    {
        if (reader.NextMessagePackType != MessagePackType.String)
        {
            throw Wire.Corrupt(ref reader, "a field name must be a string");
        }
        var offset = reader.Consumed;
        if (!reader.TryReadStringSpan(out var name))
        {
            name = reader.ReadStringSequence()!.Value.ToArray();
        }
        if (position < fields.Length && name.SequenceEqual(fields[position].Utf8Name))
        {
            return position;
        }
        for (var i = 0; i < fields.Length; i++)
        {
            if (name.SequenceEqual(fields[i].Utf8Name))
            {
                return i;
            }
        }
        if (!Utf8.IsValid(name))
        {
            throw FormatErrors.Malformed(offset, "invalid UTF-8 in a field name");
        }
        var text = Encoding.UTF8.GetString(name);
        context.UnknownField = text;
        return (unknown ??= new HashSet<string>(StringComparer.Ordinal)).Add(text)
            ? -1
            : throw FormatErrors.Malformed(offset, $"field '{text}' occurs twice in one record");
    }

    public static void ThrowDuplicate(ref MessagePackReader reader, string name) =>
        throw Wire.Corrupt(ref reader, $"field '{name}' occurs twice in one record");

    public static void ReportMissing(ReadContext context, string owner, string name, TypeMapper mapper) =>
        context.Report(name, $"{owner} without field '{name}'", mapper.Expected);

    public static void WriteRaw(ref MessagePackWriter writer, byte[] bytes) => writer.WriteRaw(bytes);

    public static T ReadField<T>(ref MessagePackReader reader, ReadContext context, TypeMapper<T> mapper, string name)
    {
        context.PushField(name);
        var value = mapper.Read(ref reader, context);
        context.Pop();
        return value;
    }
}

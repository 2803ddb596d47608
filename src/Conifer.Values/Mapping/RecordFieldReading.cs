using System.Buffers;
using System.Text.Unicode;
using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary>The steps of reading a record's field map that the compiled readers call.</summary>
internal static class RecordFieldReading
{
    /// <summary>
    /// Reads a field name and returns the index of the known field it names, or -1. Names are
    /// compared as UTF-8 bytes (no string is made); the field expected at this position is tried first,
    /// because data written by the same type has its fields in declaration order.
    /// </summary>
    public static int MatchKey(ref MessagePackReader reader, RecordField[] fields, int position)
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
        return Utf8.IsValid(name) ? -1 : throw FormatErrors.Malformed(offset, "invalid UTF-8 in a field name");
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

using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Conifer.Values.Codecs;

/// <summary>Writes tree nodes in the JSON form of docs/value-format.md.</summary>
internal static class JsonTreeWriter
{
    /// <summary>Writes <paramref name="value"/> and everything below it.</summary>
    public static void Write(Utf8JsonWriter writer, Value value)
    {
        switch (value.Kind)
        {
            case ValueKind.Null:
                writer.WriteNullValue();
                break;
            case ValueKind.Bool:
                writer.WriteBooleanValue(((Value.Bool)value).Value);
                break;
            case ValueKind.Int:
                writer.WriteNumberValue(((Value.Int)value).Value);
                break;
            case ValueKind.Float:
                WriteFloat(writer, ((Value.Float)value).Value);
                break;
            case ValueKind.Decimal:
                writer.WriteStartObject();
                writer.WriteString(JsonMarkers.Decimal, DecimalText(((Value.Decimal)value).Value));
                writer.WriteEndObject();
                break;
            case ValueKind.String:
                writer.WriteStringValue(((Value.String)value).Value);
                break;
            case ValueKind.Bytes:
                writer.WriteStartObject();
                writer.WriteBase64String(JsonMarkers.Bytes, ((Value.Bytes)value).Value.AsSpan());
                writer.WriteEndObject();
                break;
            case ValueKind.List:
                WriteList(writer, (Value.List)value);
                break;
            case ValueKind.Dict:
                WriteDict(writer, (Value.Dict)value);
                break;
            case ValueKind.Record:
                RuntimeHelpers.EnsureSufficientExecutionStack();
                writer.WriteStartObject();
                WriteFields(writer, ((Value.Record)value).Fields);
                writer.WriteEndObject();
                break;
            case ValueKind.Tagged:
                RuntimeHelpers.EnsureSufficientExecutionStack();
                var tagged = (Value.Tagged)value;
                writer.WriteStartObject();
                writer.WriteString(JsonMarkers.Tag, tagged.Tag);
                WriteFields(writer, tagged.Fields);
                writer.WriteEndObject();
                break;
            default:
                throw new InvalidOperationException($"{nameof(JsonTreeWriter)}.{nameof(Write)}: unhandled node kind {value.Kind}.");
        }
    }

    /// <summary>Invariant text with the scale kept; a negative zero keeps its sign, which ToString drops.</summary>
    private static string DecimalText(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        return value == 0m && decimal.IsNegative(value) ? "-" + text : text;
    }

    private static void WriteFloat(Utf8JsonWriter writer, double value)
    {
        if (!double.IsFinite(value))
        {
            writer.WriteStartObject();
            writer.WriteString(JsonMarkers.Float, double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
            writer.WriteEndObject();
            return;
        }
        // "R" gives the shortest text that parses back to the same bits; ".0" is added when it
        // looks like an integer, so that the reader can tell Float from Int by the text alone.
        Span<byte> text = stackalloc byte[40];
        value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture);
        var looksIntegral = text[..length].IndexOfAny(".E"u8) < 0;
        if (writer.Options.Indented)
        {
            // Raw values skip indentation, so indented output uses the writer's own number
            // formatting (the same shortest round-trip text) and, for integral values, a decimal
            // of scale 1, which it prints with the ".0". Only -0.0 still needs the raw path.
            if (!looksIntegral)
            {
                writer.WriteNumberValue(value);
                return;
            }
            if (value != 0 || !double.IsNegative(value))
            {
                writer.WriteNumberValue(decimal.Parse(text[..length], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) + 0.0m);
                return;
            }
        }
        if (looksIntegral)
        {
            ".0"u8.CopyTo(text[length..]);
            length += 2;
        }
        writer.WriteRawValue(text[..length], skipInputValidation: true);
    }

    private static void WriteList(Utf8JsonWriter writer, Value.List list)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        writer.WriteStartArray();
        foreach (var item in list.Items)
        {
            Write(writer, item);
        }
        writer.WriteEndArray();
    }

    private static void WriteDict(Utf8JsonWriter writer, Value.Dict dict)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        writer.WriteStartObject();
        writer.WriteStartArray(JsonMarkers.Dict);
        foreach (var entry in dict.Entries)
        {
            writer.WriteStartArray();
            Write(writer, entry.Key);
            Write(writer, entry.Value);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteFields(Utf8JsonWriter writer, System.Collections.Immutable.ImmutableArray<Field> fields)
    {
        foreach (var field in fields)
        {
            // Keys starting with '$' are markers; a field name that starts with one gets another in front.
            writer.WritePropertyName(field.Name.StartsWith('$') ? "$" + field.Name : field.Name);
            Write(writer, field.Value);
        }
    }
}

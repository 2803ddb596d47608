using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Conifer.Values.Codecs;

/// <summary>
/// The JSON form of the value tree, for people: export, the admin view, test fixtures
/// (docs/value-format.md). Round-trip exact: parsing what <see cref="Write(Value, bool)"/> wrote
/// gives an equal tree, NaN, -0.0 and decimal scale included.
/// </summary>
public static class ValueJsonCodec
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    /// <summary>
    /// The JSON text of <paramref name="value"/>. Non-ASCII text is written as is rather than
    /// \u-escaped, so the text is for files and screens, not for embedding in HTML.
    /// </summary>
    /// <exception cref="ArgumentException">A string, field name or tag holds an unpaired surrogate.</exception>
    public static string Write(Value value, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(value);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, indented ? Indented : Compact))
        {
            JsonTreeWriter.Write(writer, value);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes <paramref name="value"/> as one JSON value to <paramref name="writer"/> (with the writer's own options).</summary>
    /// <exception cref="ArgumentException">A string, field name or tag holds an unpaired surrogate.</exception>
    public static void Write(Utf8JsonWriter writer, Value value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        JsonTreeWriter.Write(writer, value);
    }

    /// <summary>Parses exactly one JSON value in the value-tree form.</summary>
    /// <param name="json">The text.</param>
    /// <param name="limits">The limits to enforce (the size limit applies to the UTF-8 length); <see cref="ValueLimits.Default"/> when omitted.</param>
    /// <exception cref="ValueFormatException">The text is malformed or exceeds a limit; the offset is a character index into <paramref name="json"/>.</exception>
    public static Value Parse(string json, ValueLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        limits ??= ValueLimits.Default;
        if (json.Length > limits.MaxTotalBytes)
        {
            throw new ValueLimitExceededException(0, nameof(ValueLimits.MaxTotalBytes), limits.MaxTotalBytes,
                $"Total size limit {limits.MaxTotalBytes} bytes exceeded: the JSON text has at least {json.Length} bytes");
        }
        int length;
        try
        {
            length = Utf8NameCache.StrictUtf8.GetByteCount(json);
        }
        catch (EncoderFallbackException e)
        {
            throw new ValueFormatException(Math.Max(e.Index, 0), "The JSON text holds an unpaired surrogate");
        }
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var utf8 = buffer.AsSpan(0, Utf8NameCache.StrictUtf8.GetBytes(json, buffer));
            try
            {
                return JsonTreeReader.Parse(utf8, limits);
            }
            catch (ValueFormatException e)
            {
                var byteOffset = (int)Math.Min(e.Offset, utf8.Length);
                throw e.WithOffset(Encoding.UTF8.GetCharCount(utf8[..byteOffset]));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses exactly one JSON value in the value-tree form from UTF-8 text.</summary>
    /// <param name="utf8Json">The UTF-8 text.</param>
    /// <param name="limits">The limits to enforce; <see cref="ValueLimits.Default"/> when omitted.</param>
    /// <exception cref="ValueFormatException">The text is malformed or exceeds a limit; the offset is a byte index into <paramref name="utf8Json"/>.</exception>
    public static Value Parse(ReadOnlySpan<byte> utf8Json, ValueLimits? limits = null) =>
        JsonTreeReader.Parse(utf8Json, limits ?? ValueLimits.Default);
}

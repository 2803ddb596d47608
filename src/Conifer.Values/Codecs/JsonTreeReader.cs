using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Conifer.Values.Codecs;

/// <summary>
/// Parses the JSON form (docs/value-format.md) back into a tree, enforcing the
/// <see cref="ValueLimits"/> and reporting every failure as a <see cref="ValueFormatException"/>
/// with the byte offset of the offending token.
/// </summary>
internal ref struct JsonTreeReader
{
    private readonly ValueLimits _limits;
    private readonly Utf8NameCache _names;
    private Utf8JsonReader _reader;

    private JsonTreeReader(ReadOnlySpan<byte> utf8, ValueLimits limits)
    {
        _limits = limits;
        _names = Utf8NameCache.Current;
        // The reader's own depth bound sits above ours (a Dict costs three JSON levels), so that
        // ours, with its clearer message, is the one that triggers.
        var maxDepth = (int)Math.Min(1_000_000, (3L * limits.MaxDepth) + 4);
        _reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth });
    }

    /// <summary>Parses exactly one JSON value from <paramref name="utf8"/>.</summary>
    public static Value Parse(ReadOnlySpan<byte> utf8, ValueLimits limits)
    {
        if (utf8.Length > limits.MaxTotalBytes)
        {
            throw new ValueLimitExceededException(0, nameof(ValueLimits.MaxTotalBytes), limits.MaxTotalBytes,
                $"Total size limit {limits.MaxTotalBytes} bytes exceeded: the JSON text has {utf8.Length} bytes");
        }
        var parser = new JsonTreeReader(utf8, limits);
        try
        {
            parser.Next("a value");
            var root = parser.ReadValue(0);
            if (parser._reader.Read())
            {
                throw parser.Malformed(parser._reader.TokenStartIndex, "Content follows the root value");
            }
            return root;
        }
        catch (JsonException e)
        {
            var offset = OffsetOf(utf8, e) ?? parser._reader.BytesConsumed;
            throw new ValueFormatException(offset, $"Malformed JSON: {ErrorText.Of(e.Message)}");
        }
    }

    private Value ReadValue(int depth)
    {
        switch (_reader.TokenType)
        {
            case JsonTokenType.Null:
                return Value.Null.Instance;
            case JsonTokenType.True:
                return Value.Bool.True;
            case JsonTokenType.False:
                return Value.Bool.False;
            case JsonTokenType.Number:
                return ReadNumber();
            case JsonTokenType.String:
                return new Value.String(ReadString("String"));
            case JsonTokenType.StartArray:
                return ReadList(depth);
            case JsonTokenType.StartObject:
                return ReadObject(depth);
            default:
                throw Malformed(_reader.TokenStartIndex, $"Unexpected JSON token {_reader.TokenType}");
        }
    }

    private Value ReadNumber()
    {
        var text = _reader.ValueSpan;
        if (text.IndexOfAny(".eE"u8) >= 0)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
            {
                throw Malformed(_reader.TokenStartIndex, $"Number {Encoding.UTF8.GetString(text)} is outside the Float range");
            }
            return new Value.Float(number);
        }
        return _reader.TryGetInt64(out var integer)
            ? new Value.Int(integer)
            : throw Malformed(_reader.TokenStartIndex, $"Integer {Encoding.UTF8.GetString(text)} is outside the Int range (64-bit signed)");
    }

    private string ReadString(string what)
    {
        var start = _reader.TokenStartIndex;
        var raw = _reader.ValueSpan.Length;
        if (!_reader.ValueIsEscaped && raw > _limits.MaxStringBytes)
        {
            throw StringTooLong(start, what, raw);
        }
        string text;
        try
        {
            text = _reader.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw Malformed(start, $"{what} is not valid text: {ErrorText.Of(e.Message)}");
        }
        if (raw > _limits.MaxStringBytes)
        {
            var bytes = Encoding.UTF8.GetByteCount(text);
            if (bytes > _limits.MaxStringBytes)
            {
                throw StringTooLong(start, what, bytes);
            }
        }
        return text;
    }

    private Value.List ReadList(int depth)
    {
        var start = _reader.TokenStartIndex;
        EnterContainer(depth, start);
        var items = new List<Value>();
        while (Next("an array item or ']'") != JsonTokenType.EndArray)
        {
            CheckCount(items.Count + 1);
            items.Add(ReadValue(depth + 1));
        }
        return new Value.List([.. items]);
    }

    private Value ReadObject(int depth)
    {
        var start = _reader.TokenStartIndex;
        if (Next("a property name or '}'") == JsonTokenType.EndObject)
        {
            EnterContainer(depth, start);
            return new Value.Record([]);
        }
        var name = ReadPropertyName(out var isMarker);
        if (!isMarker)
        {
            EnterContainer(depth, start);
            return CreateRecord(ReadFields(name, depth), start);
        }
        switch (name)
        {
            case JsonMarkers.Tag:
                Expect(JsonTokenType.String, "the tag");
                var tagStart = _reader.TokenStartIndex;
                var tag = ReadTag();
                if (tag.Length == 0)
                {
                    throw Malformed(tagStart, "Tag is empty");
                }
                if (Next("a property name or '}'") == JsonTokenType.EndObject)
                {
                    return new Value.Tagged(tag);
                }
                EnterContainer(depth, start);
                var fields = ReadFields(ReadPropertyName(out var fieldIsMarker), depth);
                if (fieldIsMarker)
                {
                    throw Malformed(start, "A tagged object may carry only one '$' marker, \"$tag\", first");
                }
                try
                {
                    return new Value.Tagged(tag, ImmutableCollectionsMarshal.AsImmutableArray(fields.ToArray()));
                }
                catch (ArgumentException e)
                {
                    throw Malformed(start, $"Tagged node '{tag}' is invalid: {ErrorText.Of(e)}");
                }
            case JsonMarkers.Float:
                return ExpectEnd(ReadSpecialFloat(), name);
            case JsonMarkers.Decimal:
                return ExpectEnd(ReadDecimal(), name);
            case JsonMarkers.Bytes:
                return ExpectEnd(ReadBytes(), name);
            case JsonMarkers.Dict:
                EnterContainer(depth, start);
                return ExpectEnd(ReadDict(depth, start), name);
            default:
                throw Malformed(_reader.TokenStartIndex, $"Unknown marker \"{name}\" (a field name starting with '$' is written with another '$' in front)");
        }
    }

    /// <summary>Reads fields from the current property name (already read as <paramref name="firstName"/>) to the closing brace.</summary>
    private List<Field> ReadFields(string firstName, int depth)
    {
        var fields = new List<Field>();
        var name = firstName;
        while (true)
        {
            var nameStart = _reader.TokenStartIndex;
            CheckCount(fields.Count + 1);
            Next("a field value");
            fields.Add(new Field(name, ReadValue(depth + 1)));
            if (Next("a property name or '}'") == JsonTokenType.EndObject)
            {
                return fields;
            }
            name = ReadPropertyName(out var isMarker);
            if (isMarker)
            {
                throw Malformed(nameStart, $"Marker \"{name}\" may not appear among fields");
            }
        }
    }

    private Value.Record CreateRecord(List<Field> fields, long start)
    {
        try
        {
            return new Value.Record(ImmutableCollectionsMarshal.AsImmutableArray(fields.ToArray()));
        }
        catch (ArgumentException e)
        {
            throw Malformed(start, $"Record is invalid: {ErrorText.Of(e)}");
        }
    }

    private string ReadPropertyName(out bool isMarker)
    {
        var start = _reader.TokenStartIndex;
        string name;
        if (!_reader.ValueIsEscaped && _reader.ValueSpan.Length <= _limits.MaxStringBytes)
        {
            name = _names.Get(_reader.ValueSpan) ?? throw Malformed(start, "Property name is not valid UTF-8");
        }
        else
        {
            name = ReadString("Property name");
        }
        isMarker = name.StartsWith('$') && !name.StartsWith("$$", StringComparison.Ordinal);
        return name.StartsWith("$$", StringComparison.Ordinal) ? name[1..] : name;
    }

    private string ReadTag()
    {
        var start = _reader.TokenStartIndex;
        if (!_reader.ValueIsEscaped && _reader.ValueSpan.Length <= _limits.MaxStringBytes)
        {
            return _names.Get(_reader.ValueSpan) ?? throw Malformed(start, "Tag is not valid UTF-8");
        }
        return ReadString("Tag");
    }

    private Value.Float ReadSpecialFloat()
    {
        Expect(JsonTokenType.String, "\"NaN\", \"Infinity\" or \"-Infinity\"");
        var span = _reader.ValueSpan;
        return span.SequenceEqual("NaN"u8) ? new Value.Float(double.NaN)
            : span.SequenceEqual("Infinity"u8) ? new Value.Float(double.PositiveInfinity)
            : span.SequenceEqual("-Infinity"u8) ? new Value.Float(double.NegativeInfinity)
            : throw Malformed(_reader.TokenStartIndex, "\"$float\" must be \"NaN\", \"Infinity\" or \"-Infinity\" (finite floats are plain numbers)");
    }

    private Value.Decimal ReadDecimal()
    {
        Expect(JsonTokenType.String, "a decimal in invariant notation");
        if (_reader.ValueIsEscaped ||
            !decimal.TryParse(_reader.ValueSpan, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            throw Malformed(_reader.TokenStartIndex, "\"$decimal\" must be a decimal number in invariant notation, like \"-1.50\"");
        }
        if (number == 0m && _reader.ValueSpan[0] == (byte)'-')
        {
            // Parsing drops the sign of zero; the tree keeps it (-0.00 and 0.00 differ by bits).
            number = new decimal(0, 0, 0, isNegative: true, number.Scale);
        }
        return new Value.Decimal(number);
    }

    private Value.Bytes ReadBytes()
    {
        Expect(JsonTokenType.String, "base64 text");
        var start = _reader.TokenStartIndex;
        if (_reader.ValueSpan.Length / 4 * 3 > _limits.MaxStringBytes)
        {
            throw StringTooLong(start, "Byte string", _reader.ValueSpan.Length / 4 * 3);
        }
        return _reader.TryGetBytesFromBase64(out var bytes)
            ? new Value.Bytes(ImmutableCollectionsMarshal.AsImmutableArray(bytes))
            : throw Malformed(start, "\"$bytes\" must be base64 text");
    }

    private Value.Dict ReadDict(int depth, long start)
    {
        Expect(JsonTokenType.StartArray, "an array of [key, value] pairs");
        var entries = new List<KeyValuePair<Value, Value>>();
        while (Next("a [key, value] pair or ']'") != JsonTokenType.EndArray)
        {
            CheckCount(entries.Count + 1);
            if (_reader.TokenType != JsonTokenType.StartArray)
            {
                throw Malformed(_reader.TokenStartIndex, "A \"$dict\" entry must be a [key, value] array");
            }
            var pairStart = _reader.TokenStartIndex;
            Next("a dict key");
            var key = ReadValue(depth + 1);
            if (Next("a dict value") == JsonTokenType.EndArray)
            {
                throw Malformed(pairStart, "A \"$dict\" entry must be a [key, value] array");
            }
            var value = ReadValue(depth + 1);
            if (Next("the end of a [key, value] pair") != JsonTokenType.EndArray)
            {
                throw Malformed(pairStart, "A \"$dict\" entry must be a [key, value] array");
            }
            entries.Add(new KeyValuePair<Value, Value>(key, value));
        }
        try
        {
            return new Value.Dict([.. entries]);
        }
        catch (ArgumentException e)
        {
            throw Malformed(start, $"Dict is invalid: {ErrorText.Of(e)}");
        }
    }

    private T ExpectEnd<T>(T value, string marker)
    {
        if (Next("'}'") != JsonTokenType.EndObject)
        {
            throw Malformed(_reader.TokenStartIndex, $"A \"{marker}\" object must have exactly one member");
        }
        return value;
    }

    private void Expect(JsonTokenType type, string what)
    {
        if (Next(what) != type)
        {
            throw Malformed(_reader.TokenStartIndex, $"Expected {what}, found {_reader.TokenType}");
        }
    }

    private JsonTokenType Next(string what) =>
        _reader.Read() ? _reader.TokenType : throw Malformed(_reader.BytesConsumed, $"JSON ends where {what} should be");

    private readonly void EnterContainer(int depth, long start)
    {
        if (depth >= _limits.MaxDepth)
        {
            throw new ValueLimitExceededException(start, nameof(ValueLimits.MaxDepth), _limits.MaxDepth, $"Depth limit {_limits.MaxDepth} exceeded");
        }
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new ValueLimitExceededException(start, nameof(ValueLimits.MaxDepth), _limits.MaxDepth,
                $"Nesting at depth {depth + 1} exhausts the thread's stack before the depth limit {_limits.MaxDepth}");
        }
    }

    private readonly void CheckCount(long count)
    {
        if (count > _limits.MaxCollectionCount)
        {
            throw new ValueLimitExceededException(_reader.TokenStartIndex, nameof(ValueLimits.MaxCollectionCount), _limits.MaxCollectionCount,
                $"Collection limit {_limits.MaxCollectionCount} exceeded");
        }
    }

    private readonly ValueLimitExceededException StringTooLong(long start, string what, long bytes) =>
        new(start, nameof(ValueLimits.MaxStringBytes), _limits.MaxStringBytes,
            $"String limit {_limits.MaxStringBytes} bytes exceeded: {what} has {bytes} bytes");

    private readonly ValueFormatException Malformed(long offset, string problem) => new(offset, problem);

    /// <summary>The absolute byte offset of a reader error, from its line number and byte position in that line.</summary>
    private static long? OffsetOf(ReadOnlySpan<byte> utf8, JsonException e)
    {
        if (e.LineNumber is not { } line || e.BytePositionInLine is not { } column)
        {
            return null;
        }
        var offset = 0;
        for (long i = 0; i < line; i++)
        {
            var newline = utf8[offset..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                return null;
            }
            offset += newline + 1;
        }
        return Math.Min(offset + column, utf8.Length);
    }
}

using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Conifer.Values.Codecs;

/// <summary>
/// Decodes one tree node from contiguous bytes, checking every declared length and count against
/// the bytes that remain and the <see cref="ValueLimits"/> before allocating anything.
/// </summary>
/// <remarks>
/// This reads MessagePack headers itself instead of through <c>MessagePackReader</c>: the reader
/// does not expose str/bin lengths before slicing, reports truncation and type mismatches as
/// different exception types without offsets, and lets a negative str32/array32 length through
/// to an <see cref="ArgumentOutOfRangeException"/>. Here every failure is a
/// <see cref="ValueFormatException"/> naming its offset.
/// </remarks>
internal ref struct MessagePackTreeReader
{
    private static readonly Value.Int[] SmallInts = CreateSmallInts();

    private readonly ReadOnlySpan<byte> _data;
    private readonly long _baseOffset;
    private readonly ValueLimits _limits;
    private readonly bool _cutAtTotalLimit;
    private readonly Utf8NameCache _names;
    private readonly ShortStringCache _strings;
    private int _position;

    /// <summary>
    /// Creates a reader over <paramref name="data"/>, whose first byte lies at <paramref name="baseOffset"/>
    /// of the input (error offsets count from there). <paramref name="cutAtTotalLimit"/> says the caller
    /// shortened the data to <see cref="ValueLimits.MaxTotalBytes"/>, so running off its end means the
    /// node is too large rather than truncated.
    /// </summary>
    public MessagePackTreeReader(ReadOnlySpan<byte> data, long baseOffset, ValueLimits limits, bool cutAtTotalLimit)
    {
        _data = data;
        _baseOffset = baseOffset;
        _limits = limits;
        _cutAtTotalLimit = cutAtTotalLimit;
        _names = Utf8NameCache.Current;
        _strings = ShortStringCache.Current;
        _position = 0;
    }

    /// <summary>How many bytes have been read.</summary>
    public readonly int Position => _position;

    /// <summary>Reads one node at the current position.</summary>
    public Value ReadNode() => ReadNode(0);

    /// <summary>
    /// Reads one node that lies inside <paramref name="depth"/> enclosing containers, so that the
    /// depth limit counts from the document's root, not from this node.
    /// </summary>
    public Value ReadNode(int depth)
    {
        var start = _position;
        var code = PeekCode("a node");
        switch (code)
        {
            case <= 0x7f:
                _position++;
                return Int(code);
            case <= 0x8f:
                _position++;
                return ReadRecord(code & 0x0f, start, depth);
            case <= 0x9f:
                _position++;
                return ReadArray(code & 0x0f, start, depth);
            case <= 0xbf:
                _position++;
                return ReadShortString(code & 0x1f, start);
            case >= 0xe0:
                _position++;
                return Int((sbyte)code);
            default:
                return ReadOther(code, start, depth);
        }
    }

    private Value ReadOther(byte code, int start, int depth)
    {
        _position++;
        switch (code)
        {
            case 0xc0:
                return Value.Null.Instance;
            case 0xc2:
                return Value.Bool.False;
            case 0xc3:
                return Value.Bool.True;
            case 0xc4:
            case 0xc5:
            case 0xc6:
                return ReadBin(ReadLength(code - 0xc4, start), start);
            case 0xc7:
            case 0xc8:
            case 0xc9:
                return ReadExtNode(ReadLength(code - 0xc7, start), start);
            case 0xca:
                return new Value.Float(BinaryPrimitives.ReadSingleBigEndian(Take(4, start)));
            case 0xcb:
                return new Value.Float(BinaryPrimitives.ReadDoubleBigEndian(Take(8, start)));
            case 0xcc:
                return Int(Take(1, start)[0]);
            case 0xcd:
                return Int(BinaryPrimitives.ReadUInt16BigEndian(Take(2, start)));
            case 0xce:
                return Int(BinaryPrimitives.ReadUInt32BigEndian(Take(4, start)));
            case 0xcf:
                var unsigned = BinaryPrimitives.ReadUInt64BigEndian(Take(8, start));
                return unsigned <= long.MaxValue
                    ? Int((long)unsigned)
                    : throw Malformed(start, $"Integer {unsigned} is above the Int range (at most 2^63-1)");
            case 0xd0:
                return Int((sbyte)Take(1, start)[0]);
            case 0xd1:
                return Int(BinaryPrimitives.ReadInt16BigEndian(Take(2, start)));
            case 0xd2:
                return Int(BinaryPrimitives.ReadInt32BigEndian(Take(4, start)));
            case 0xd3:
                return Int(BinaryPrimitives.ReadInt64BigEndian(Take(8, start)));
            case >= 0xd4 and <= 0xd8:
                return ReadExtNode(1L << (code - 0xd4), start);
            case 0xd9:
            case 0xda:
            case 0xdb:
                return new Value.String(ReadUtf8(ReadLength(code - 0xd9, start), start, "string"));
            case 0xdc:
            case 0xdd:
                return ReadArray(ReadLength(code - 0xdb, start), start, depth);
            case 0xde:
            case 0xdf:
                return ReadRecord(ReadLength(code - 0xdd, start), start, depth);
            default:
                throw Malformed(start, $"Invalid MessagePack code 0x{code:x2}");
        }
    }

    private Value ReadArray(long count, int start, int depth)
    {
        EnterContainer(depth, start);
        CheckCount(count, 1, start);
        var items = new Value[count];
        var first = 0;
        if (count == 2 && IsExtCode(PeekCode("an array item")))
        {
            var extStart = _position;
            var (type, length) = ReadExtHeader();
            switch (type)
            {
                case ValueFormat.TagHeaderExtType:
                    var tag = ReadTag(length, extStart);
                    var fieldsStart = _position;
                    var fields = ReadFields(ReadMapHeader(fieldsStart, "a tagged node's fields"), fieldsStart, depth);
                    return CreateTagged(tag, fields, start);
                case ValueFormat.DictMarkerExtType:
                    if (length != 0)
                    {
                        throw Malformed(extStart, $"Dict marker (ext type 3) has a {length}-byte payload; it must be empty");
                    }
                    var entriesStart = _position;
                    return ReadDictEntries(ReadMapHeader(entriesStart, "a dict's entries"), entriesStart, depth);
                default:
                    items[0] = ReadExtPayload(type, length, extStart);
                    first = 1;
                    break;
            }
        }
        for (var i = first; i < items.Length; i++)
        {
            items[i] = ReadNode(depth + 1);
        }
        return new Value.List(ImmutableCollectionsMarshal.AsImmutableArray(items));
    }

    private Value.Record ReadRecord(long count, int start, int depth)
    {
        EnterContainer(depth, start);
        var fields = ReadFields(count, start, depth);
        try
        {
            return new Value.Record(ImmutableCollectionsMarshal.AsImmutableArray(fields));
        }
        catch (ArgumentException e)
        {
            throw Malformed(start, $"Record is invalid: {ErrorText.Of(e)}");
        }
    }

    private Field[] ReadFields(long count, int start, int depth)
    {
        CheckCount(count, 2, start);
        var fields = new Field[count];
        for (var i = 0; i < fields.Length; i++)
        {
            var nameStart = _position;
            var code = PeekCode("a field name");
            long length;
            if (code is >= 0xa0 and <= 0xbf)
            {
                _position++;
                length = code & 0x1f;
            }
            else if (code is >= 0xd9 and <= 0xdb)
            {
                _position++;
                length = ReadLength(code - 0xd9, nameStart);
            }
            else
            {
                throw Malformed(nameStart, $"Field name must be a MessagePack str, found code 0x{code:x2}");
            }
            var bytes = TakeString(length, nameStart, "field name");
            var name = _names.Get(bytes) ?? throw Malformed(nameStart, "Field name is not valid UTF-8");
            fields[i] = new Field(name, ReadNode(depth + 1));
        }
        return fields;
    }

    private Value.Dict ReadDictEntries(long count, int start, int depth)
    {
        CheckCount(count, 2, start);
        var entries = new KeyValuePair<Value, Value>[count];
        for (var i = 0; i < entries.Length; i++)
        {
            var key = ReadNode(depth + 1);
            entries[i] = new KeyValuePair<Value, Value>(key, ReadNode(depth + 1));
        }
        try
        {
            return new Value.Dict(ImmutableCollectionsMarshal.AsImmutableArray(entries));
        }
        catch (ArgumentException e)
        {
            throw Malformed(start, $"Dict is invalid: {ErrorText.Of(e)}");
        }
    }

    private Value.Tagged CreateTagged(string tag, Field[] fields, int start)
    {
        try
        {
            return new Value.Tagged(tag, ImmutableCollectionsMarshal.AsImmutableArray(fields));
        }
        catch (ArgumentException e)
        {
            throw Malformed(start, $"Tagged node '{tag}' is invalid: {ErrorText.Of(e)}");
        }
    }

    private Value ReadExtNode(long length, int start)
    {
        var type = (sbyte)Take(1, start)[0];
        return ReadExtPayload(type, length, start);
    }

    private Value ReadExtPayload(sbyte type, long length, int start)
    {
        switch (type)
        {
            case ValueFormat.FieldlessTagExtType:
                return new Value.Tagged(ReadTag(length, start));
            case ValueFormat.DecimalExtType:
                if (length != 16)
                {
                    throw Malformed(start, $"Decimal (ext type 4) has a {length}-byte payload; it must have 16");
                }
                return new Value.Decimal(ReadDecimal(Take(16, start), start));
            case ValueFormat.TagHeaderExtType:
            case ValueFormat.DictMarkerExtType:
                throw Malformed(start, $"Ext type {type} may only open a 2-element array");
            default:
                throw Malformed(start, $"Unknown ext type {type}");
        }
    }

    private decimal ReadDecimal(ReadOnlySpan<byte> bits, int start)
    {
        var flags = BinaryPrimitives.ReadInt32LittleEndian(bits[12..]);
        var scale = (flags >> 16) & 0xff;
        if ((flags & 0x7f00ffff) != 0 || scale > 28)
        {
            throw Malformed(start, $"Decimal flags 0x{flags:x8} are invalid (scale must be 0-28, reserved bits zero)");
        }
        return new decimal(
            BinaryPrimitives.ReadInt32LittleEndian(bits),
            BinaryPrimitives.ReadInt32LittleEndian(bits[4..]),
            BinaryPrimitives.ReadInt32LittleEndian(bits[8..]),
            flags < 0,
            (byte)scale);
    }

    private string ReadTag(long length, int start)
    {
        if (length == 0)
        {
            throw Malformed(start, "Tag is empty");
        }
        var bytes = TakeString(length, start, "tag");
        return _names.Get(bytes) ?? throw Malformed(start, "Tag is not valid UTF-8");
    }

    private (sbyte Type, long Length) ReadExtHeader()
    {
        var start = _position;
        var code = _data[_position++];
        var length = code >= 0xd4 ? 1L << (code - 0xd4) : ReadLength(code - 0xc7, start);
        return ((sbyte)Take(1, start)[0], length);
    }

    private long ReadMapHeader(int start, string what)
    {
        var code = PeekCode(what);
        _position++;
        return code switch
        {
            >= 0x80 and <= 0x8f => code & 0x0f,
            0xde => ReadLength(1, start),
            0xdf => ReadLength(2, start),
            _ => throw Malformed(start, $"Expected a map for {what}, found code 0x{code:x2}"),
        };
    }

    private Value.Bytes ReadBin(long length, int start)
    {
        var bytes = TakeString(length, start, "byte string");
        return new Value.Bytes(ImmutableCollectionsMarshal.AsImmutableArray(bytes.ToArray()));
    }

    private Value.String ReadShortString(int length, int start)
    {
        if (length > ShortStringCache.MaxLength)
        {
            return new Value.String(ReadUtf8(length, start, "string"));
        }
        var bytes = TakeString(length, start, "string");
        return _strings.Get(bytes) ?? throw Malformed(start, "String is not valid UTF-8");
    }

    private string ReadUtf8(long length, int start, string what)
    {
        var bytes = TakeString(length, start, what);
        return Utf8NameCache.Decode(bytes) ?? throw Malformed(start, $"{Capitalize(what)} is not valid UTF-8");
    }

    /// <summary>Reads the big-endian length that follows a code: <paramref name="width"/> 0, 1, 2 mean 1, 2, 4 bytes.</summary>
    private long ReadLength(int width, int start) => width switch
    {
        0 => Take(1, start)[0],
        1 => BinaryPrimitives.ReadUInt16BigEndian(Take(2, start)),
        _ => BinaryPrimitives.ReadUInt32BigEndian(Take(4, start)),
    };

    private ReadOnlySpan<byte> TakeString(long length, int start, string what)
    {
        if (length > _limits.MaxStringBytes)
        {
            throw Limit(start, nameof(ValueLimits.MaxStringBytes), _limits.MaxStringBytes,
                $"String limit {_limits.MaxStringBytes} bytes exceeded: {what} declares {length} bytes");
        }
        if (length > _data.Length - _position)
        {
            throw PastEnd(start, $"{Capitalize(what)} declares {length} bytes but only {_data.Length - _position} remain");
        }
        var span = _data.Slice(_position, (int)length);
        _position += (int)length;
        return span;
    }

    private ReadOnlySpan<byte> Take(int length, int start)
    {
        if (length > _data.Length - _position)
        {
            throw PastEnd(start, "Data ends inside a node");
        }
        var span = _data.Slice(_position, length);
        _position += length;
        return span;
    }

    private readonly byte PeekCode(string what) =>
        _position < _data.Length ? _data[_position] : throw PastEnd(_position, $"Data ends where {what} should start");

    private readonly void EnterContainer(int depth, int start)
    {
        if (depth >= _limits.MaxDepth)
        {
            throw Limit(start, nameof(ValueLimits.MaxDepth), _limits.MaxDepth, $"Depth limit {_limits.MaxDepth} exceeded");
        }
        // Probing the stack costs a runtime call, so it is done once every 16 levels, well within
        // the margin the probe guarantees.
        if ((depth & 15) == 0 && !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw Limit(start, nameof(ValueLimits.MaxDepth), _limits.MaxDepth,
                $"Nesting at depth {depth + 1} exhausts the thread's stack before the depth limit {_limits.MaxDepth}");
        }
    }

    private readonly void CheckCount(long count, int minBytesPerItem, int start)
    {
        if (count > _limits.MaxCollectionCount)
        {
            throw Limit(start, nameof(ValueLimits.MaxCollectionCount), _limits.MaxCollectionCount,
                $"Collection limit {_limits.MaxCollectionCount} exceeded: {count} items declared");
        }
        if (count * minBytesPerItem > _data.Length - _position)
        {
            throw PastEnd(start, $"Collection declares {count} items but only {_data.Length - _position} bytes remain");
        }
    }

    private static bool IsExtCode(byte code) => code is (>= 0xc7 and <= 0xc9) or (>= 0xd4 and <= 0xd8);

    private static Value.Int Int(long value) =>
        value is >= -32 and <= 255 ? SmallInts[value + 32] : new Value.Int(value);

    private static Value.Int[] CreateSmallInts()
    {
        var ints = new Value.Int[288];
        for (var i = 0; i < ints.Length; i++)
        {
            ints[i] = new Value.Int(i - 32);
        }
        return ints;
    }

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private readonly ValueFormatException Malformed(int position, string problem) => new(_baseOffset + position, problem);

    private readonly ValueLimitExceededException Limit(int position, string limitName, long limit, string problem) =>
        new(_baseOffset + position, limitName, limit, problem);

    private readonly ValueFormatException PastEnd(int position, string problem) =>
        _cutAtTotalLimit
            ? Limit(position, nameof(ValueLimits.MaxTotalBytes), _limits.MaxTotalBytes,
                $"Total size limit {_limits.MaxTotalBytes} bytes exceeded: the node continues past it")
            : Malformed(position, problem);
}

using System.Buffers;
using Conifer.Values.Lenient;
using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary>The typed mapper of <typeparamref name="T"/> (see <see cref="IValueMapper"/>); get it from <see cref="ValueMapper.For{T}"/>.</summary>
public sealed class ValueMapper<T> : IValueMapper
{
    private static readonly byte[] Header = [0x43, 0x56, 0x54, 0x01];

    private readonly TypeMapper<T> _mapper;

    internal ValueMapper(TypeMapper<T> mapper) => _mapper = mapper;

    /// <inheritdoc />
    public Type Type => typeof(T);

    /// <summary>The tree of <paramref name="clr"/>.</summary>
    /// <exception cref="UnsupportedTypeException">A value has no stored form; the message names its path.</exception>
    public Value ToValue(T clr) => _mapper.ToValue(clr);

    /// <summary>Reads a tree as <typeparamref name="T"/> with the lenient check, reporting every mismatch.</summary>
    public LenientResult<T> FromValue(Value value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var context = new ReadContext(ValueLimits.Default, ReadOnlyMemory<byte>.Empty);
        var clr = _mapper.FromValue(value, context);
        return context.Result(clr);
    }

    /// <summary>Writes the node of <paramref name="clr"/> (no header).</summary>
    /// <exception cref="UnsupportedTypeException">A value has no stored form; the message names its path.</exception>
    public void Write(ref MessagePackWriter writer, T clr)
    {
        try
        {
            _mapper.Write(ref writer, clr);
        }
        catch (UnsupportedTypeException)
        {
            // The fast path does not track paths; the tree path does, so let it throw the precise message.
            _mapper.ToValue(clr);
            throw;
        }
    }

    /// <summary>A value document: the <c>CVT</c> format-1 header, then the node of <paramref name="clr"/>.</summary>
    /// <exception cref="UnsupportedTypeException">A value has no stored form; the message names its path.</exception>
    public byte[] Serialize(T clr)
    {
        using var buffer = new ChunkedBufferWriter();
        var writer = new MessagePackWriter(buffer);
        writer.WriteRaw(Header);
        Write(ref writer, clr);
        writer.Flush();
        return buffer.ToArray();
    }

    /// <summary>
    /// Reads a value document straight into <typeparamref name="T"/> with the lenient check (no tree is built).
    /// Well-formed data that does not fit the type is a <see cref="LenientResult{T}.Mismatches"/> result;
    /// bytes that are not a valid document throw.
    /// </summary>
    /// <param name="bytes">The document: the <c>CVT</c> header and one node.</param>
    /// <param name="limits">The limits to enforce; <see cref="ValueLimits.Default"/> when omitted.</param>
    /// <exception cref="ValueFormatException">The bytes are not a valid value document (<see cref="ValueLimitExceededException"/> when they break a limit); it names the byte offset.</exception>
    public LenientResult<T> Deserialize(ReadOnlyMemory<byte> bytes, ValueLimits? limits = null)
    {
        limits ??= ValueLimits.Default;
        if (bytes.Length > limits.MaxTotalBytes)
        {
            throw FormatErrors.LimitExceeded(0, nameof(limits.MaxTotalBytes), limits.MaxTotalBytes, $"{bytes.Length} bytes exceed the limit of {limits.MaxTotalBytes}");
        }
        if (bytes.Length < Header.Length || !bytes.Span[..3].SequenceEqual(Header.AsSpan(0, 3)))
        {
            throw FormatErrors.Malformed(0, "not a value document (no CVT header)");
        }
        if (bytes.Span[3] != Header[3])
        {
            throw FormatErrors.Malformed(3, $"format version {bytes.Span[3]} is not supported (this build reads version {Header[3]})");
        }
        var reader = new MessagePackReader(bytes);
        reader.ReadRaw(Header.Length);
        var result = Read(ref reader, limits);
        return reader.End ? result : throw FormatErrors.Malformed(reader.Consumed, "bytes follow the root node");
    }

    /// <summary>
    /// Reads one node (no document header) at the reader's position straight into <typeparamref name="T"/>
    /// with the lenient check, e.g. a node embedded in a log record.
    /// </summary>
    /// <param name="reader">Positioned at the node; advanced past it.</param>
    /// <param name="limits">The limits to enforce; <see cref="ValueLimits.Default"/> when omitted.</param>
    /// <exception cref="ValueFormatException">The bytes are not a valid node or break a limit; the offset counts from the start of the reader's sequence.</exception>
    public LenientResult<T> Read(ref MessagePackReader reader, ValueLimits? limits = null)
    {
        limits ??= ValueLimits.Default;
        // Offsets recorded for dictionary keys are relative to the start of the reader's sequence.
        var sequence = reader.Sequence;
        var context = new ReadContext(limits, sequence.IsSingleSegment ? sequence.First : sequence.ToArray());
        try
        {
            return context.Result(_mapper.Read(ref reader, context));
        }
        catch (Exception e) when (e is EndOfStreamException or MessagePackSerializationException or OverflowException or ArgumentException)
        {
            // MessagePackReader reports truncation, bad codes and lengths beyond int range this way.
            throw FormatErrors.Malformed(reader.Consumed, e.Message);
        }
    }

    Value IValueMapper.ToValue(object? clr) => _mapper.ToValueBoxed(clr);

    LenientResult<object?> IValueMapper.FromValue(Value value) => Boxed(FromValue(value));

    void IValueMapper.Write(ref MessagePackWriter writer, object? clr)
    {
        try
        {
            _mapper.WriteBoxed(ref writer, clr);
        }
        catch (UnsupportedTypeException)
        {
            _mapper.ToValueBoxed(clr);
            throw;
        }
    }

    byte[] IValueMapper.Serialize(object? clr) => Serialize(TypeMapper<T>.Unbox(clr));

    LenientResult<object?> IValueMapper.Deserialize(ReadOnlyMemory<byte> bytes, ValueLimits? limits) => Boxed(Deserialize(bytes, limits));

    LenientResult<object?> IValueMapper.Read(ref MessagePackReader reader, ValueLimits? limits) => Boxed(Read(ref reader, limits));

    private static LenientResult<object?> Boxed(LenientResult<T> result) => result switch
    {
        LenientResult<T>.Fits fits => new LenientResult<object?>.Fits(fits.Value) { Ignored = fits.Ignored },
        LenientResult<T>.Mismatches mismatches => new LenientResult<object?>.Mismatches(mismatches.All),
        _ => throw new InvalidOperationException($"{nameof(Boxed)}: unhandled result {result.GetType().Name}"),
    };
}

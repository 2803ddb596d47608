using System.Buffers;
using MessagePack;

namespace Conifer.Values.Codecs;

/// <summary>
/// The storage encoding of the value tree: MessagePack with a "CVT" version header
/// (docs/value-format.md). Encoding is canonical (equal trees give equal bytes); decoding checks
/// every length against the input and the <see cref="ValueLimits"/>, and reports any malformed or
/// oversized input as a <see cref="ValueFormatException"/> naming the offset, never anything else.
/// </summary>
public static class ValueMessagePackCodec
{
    /// <summary>Encodes <paramref name="value"/> as a complete document (header and root node).</summary>
    /// <exception cref="ArgumentException">A string, field name or tag holds an unpaired surrogate, which UTF-8 cannot carry.</exception>
    /// <exception cref="InsufficientExecutionStackException">The tree nests deeper than the thread's stack can recurse.</exception>
    public static byte[] Encode(Value value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using var buffer = new PooledBufferWriter();
        Encode(buffer, value);
        return buffer.ToArray();
    }

    /// <summary>Appends the complete document for <paramref name="value"/> (header and root node) to <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException">A string, field name or tag holds an unpaired surrogate, which UTF-8 cannot carry.</exception>
    public static void Encode(IBufferWriter<byte> output, Value value)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(value);
        var writer = new MessagePackWriter(output);
        writer.WriteRaw(ValueFormat.Header);
        MessagePackTreeWriter.Write(ref writer, value, EncodedNameCache.Current);
        writer.Flush();
    }

    /// <summary>
    /// Writes <paramref name="value"/> as one headerless node, for embedding trees in other
    /// MessagePack documents (log records, snapshots). The caller flushes the writer.
    /// </summary>
    /// <exception cref="ArgumentException">A string, field name or tag holds an unpaired surrogate, which UTF-8 cannot carry.</exception>
    public static void WriteNode(ref MessagePackWriter writer, Value value)
    {
        ArgumentNullException.ThrowIfNull(value);
        MessagePackTreeWriter.Write(ref writer, value, EncodedNameCache.Current);
    }

    /// <summary>
    /// Decodes a complete document: the "CVT" version-1 header, exactly one node, nothing after it.
    /// </summary>
    /// <param name="bytes">The document.</param>
    /// <param name="limits">The limits to enforce; <see cref="ValueLimits.Default"/> when omitted.</param>
    /// <exception cref="ValueFormatException">The bytes are not such a document, or exceed a limit.</exception>
    public static Value Decode(ReadOnlyMemory<byte> bytes, ValueLimits? limits = null)
    {
        limits ??= ValueLimits.Default;
        var data = bytes.Span;
        if (data.Length > limits.MaxTotalBytes)
        {
            throw new ValueLimitExceededException(0, nameof(ValueLimits.MaxTotalBytes), limits.MaxTotalBytes,
                $"Total size limit {limits.MaxTotalBytes} bytes exceeded: the document has {data.Length} bytes");
        }
        CheckHeader(data);
        var reader = new MessagePackTreeReader(data[ValueFormat.HeaderLength..], ValueFormat.HeaderLength, limits, cutAtTotalLimit: false);
        var root = reader.ReadNode();
        var end = ValueFormat.HeaderLength + reader.Position;
        if (end != data.Length)
        {
            throw new ValueFormatException(end, $"{data.Length - end} bytes follow the root node; a document holds exactly one node");
        }
        return root;
    }

    /// <summary>Decodes a complete document held in a possibly segmented sequence (see <see cref="Decode(ReadOnlyMemory{byte}, ValueLimits?)"/>).</summary>
    /// <exception cref="ValueFormatException">The bytes are not such a document, or exceed a limit.</exception>
    public static Value Decode(ReadOnlySequence<byte> bytes, ValueLimits? limits = null)
    {
        limits ??= ValueLimits.Default;
        if (bytes.IsSingleSegment)
        {
            return Decode(bytes.First, limits);
        }
        if (bytes.Length > limits.MaxTotalBytes)
        {
            throw new ValueLimitExceededException(0, nameof(ValueLimits.MaxTotalBytes), limits.MaxTotalBytes,
                $"Total size limit {limits.MaxTotalBytes} bytes exceeded: the document has {bytes.Length} bytes");
        }
        return Decode(bytes.ToArray(), limits);
    }

    /// <summary>
    /// Reads one headerless node at the reader's position and advances past it, for trees embedded
    /// in other MessagePack documents. <see cref="ValueLimits.MaxTotalBytes"/> bounds the node's own size.
    /// </summary>
    /// <exception cref="ValueFormatException">
    /// The bytes at the reader's position are not a node or exceed a limit; <see cref="ValueFormatException.Offset"/>
    /// counts from the start of the reader's sequence. The reader does not advance.
    /// </exception>
    public static Value ReadNode(ref MessagePackReader reader, ValueLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return ReadNode(ref reader, limits, 0);
    }

    /// <summary>
    /// Reads one headerless node that lies inside <paramref name="depth"/> enclosing containers (the
    /// mapping's fast path validates the nodes it skips this way, with the depth it has reached).
    /// </summary>
    internal static Value ReadNode(ref MessagePackReader reader, ValueLimits limits, int depth)
    {
        var rest = reader.Sequence.Slice(reader.Position);
        var cut = rest.Length > limits.MaxTotalBytes;
        if (cut)
        {
            rest = rest.Slice(0, limits.MaxTotalBytes);
        }
        // A node spread over several segments is decoded from one copy: the decoder works on a
        // contiguous span, and the copy is bounded by MaxTotalBytes.
        var data = rest.IsSingleSegment ? rest.FirstSpan : rest.ToArray();
        var nodeReader = new MessagePackTreeReader(data, reader.Consumed, limits, cut);
        var node = nodeReader.ReadNode(depth);
        reader.ReadRaw(nodeReader.Position);
        return node;
    }

    private static void CheckHeader(ReadOnlySpan<byte> data)
    {
        var header = ValueFormat.Header;
        if (data.Length < header.Length || !data[..3].SequenceEqual(header[..3]))
        {
            throw new ValueFormatException(0, "Not a value document: it does not start with the magic bytes \"CVT\"");
        }
        if (data[3] != ValueFormat.Version)
        {
            throw new ValueFormatException(3, $"Unsupported value format version {data[3]} (this reader knows version {ValueFormat.Version})");
        }
    }
}

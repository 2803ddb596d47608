using Conifer.Values.Lenient;
using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary>
/// Maps one CLR type to and from the tagged value tree and its MessagePack bytes (docs/value-format.md,
/// "Mapping CLR types"). Non-generic, for types loaded at run time (app state types compiled by
/// Roslyn); <see cref="ValueMapper{T}"/> is the typed form. Get one from <see cref="ValueMapper.For(Type)"/>.
/// Instances are immutable and safe to share between threads.
/// </summary>
public interface IValueMapper
{
    /// <summary>The CLR type this mapper reads and writes.</summary>
    Type Type { get; }

    /// <summary>The tree of <paramref name="clr"/>.</summary>
    /// <exception cref="UnsupportedTypeException">A value has no stored form (a <see cref="ulong"/> above <see cref="long.MaxValue"/>, an unnamed enum value).</exception>
    Value ToValue(object? clr);

    /// <summary>Reads a tree as <see cref="Type"/> with the lenient check, reporting every mismatch.</summary>
    LenientResult<object?> FromValue(Value value);

    /// <summary>Writes the node of <paramref name="clr"/> (no document header), exactly the bytes the value codec writes for <see cref="ToValue"/>.</summary>
    void Write(ref MessagePackWriter writer, object? clr);

    /// <summary>A whole value document: the <c>CVT</c> header and the node of <paramref name="clr"/>.</summary>
    byte[] Serialize(object? clr);

    /// <summary>
    /// Reads a value document straight into <see cref="Type"/> with the lenient check, without building
    /// a tree. Well-formed data that does not fit the type is a mismatch result; bytes that are not a
    /// valid document throw.
    /// </summary>
    /// <param name="bytes">The document: the <c>CVT</c> header and one node.</param>
    /// <param name="limits">The limits to enforce; <see cref="ValueLimits.Default"/> when omitted.</param>
    /// <exception cref="ValueFormatException">The bytes are not a valid document (<see cref="ValueLimitExceededException"/> when they break a limit).</exception>
    LenientResult<object?> Deserialize(ReadOnlyMemory<byte> bytes, ValueLimits? limits = null);

    /// <summary>
    /// Reads one node (no document header) at the reader's position straight into <see cref="Type"/> with
    /// the lenient check, e.g. a node embedded in a log record.
    /// </summary>
    /// <param name="reader">Positioned at the node; advanced past it.</param>
    /// <param name="limits">The limits to enforce; <see cref="ValueLimits.Default"/> when omitted.</param>
    /// <exception cref="ValueFormatException">The bytes are not a valid node (<see cref="ValueLimitExceededException"/> when they break a limit).</exception>
    LenientResult<object?> Read(ref MessagePackReader reader, ValueLimits? limits = null);
}

using System.Buffers.Binary;
using System.IO.Hashing;

namespace Conifer.Store.Format;

/// <summary>
/// The 64-byte header of a log segment (docs/store-format.md, "Segment file"): magic, format version, the first
/// sequence in the segment and the hash of the record before it, so that a segment can be checked on its own and a
/// truncated log still chains from its first record.
/// </summary>
internal static class SegmentHeader
{
    public const int Size = 64;
    public const uint FormatVersion = 1;
    private const ulong Magic = 0x4C_52_45_46_49_4E_4F_43; // "CONIFERL" read as little-endian u64

    public static void Write(Span<byte> destination, long firstSequence, ulong previousHash)
    {
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(destination, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Size);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], firstSequence);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], previousHash);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[56..], XxHash3.HashToUInt64(destination[..56]));
    }

    /// <summary>Parses a header; returns a sentence saying what is wrong, or <see langword="null"/> when it is valid.</summary>
    public static string? TryRead(ReadOnlySpan<byte> data, out long firstSequence, out ulong previousHash, out uint version)
    {
        firstSequence = 0;
        previousHash = 0;
        version = 0;
        if (data.Length < Size)
        {
            return $"the segment is {data.Length} bytes long, shorter than its {Size}-byte header";
        }

        if (BinaryPrimitives.ReadUInt64LittleEndian(data) != Magic)
        {
            return "the segment header does not start with the magic bytes CONIFERL";
        }

        var stored = BinaryPrimitives.ReadUInt64LittleEndian(data[56..]);
        var actual = XxHash3.HashToUInt64(data[..56]);
        if (stored != actual)
        {
            return $"the segment header checksum is {actual:x16}, expected {stored:x16}";
        }

        version = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
        if (version == 0)
        {
            return "the segment header's format version is 0, which no writer uses";
        }

        var headerSize = BinaryPrimitives.ReadUInt32LittleEndian(data[12..]);
        if (version <= FormatVersion && headerSize != Size)
        {
            return $"the segment header's size field is {headerSize}, format version {version} has {Size}";
        }

        firstSequence = BinaryPrimitives.ReadInt64LittleEndian(data[16..]);
        previousHash = BinaryPrimitives.ReadUInt64LittleEndian(data[24..]);
        return null;
    }
}

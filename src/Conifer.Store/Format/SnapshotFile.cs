using System.Buffers.Binary;
using System.IO.Hashing;
using Conifer.Store.IO;

namespace Conifer.Store.Format;

/// <summary>
/// A snapshot file (docs/store-format.md, "Snapshot file"): a 32-byte header naming the covered sequence, the
/// opaque state bytes, and a 32-byte trailer with their length and XXH3-64. The trailer is written last, so a
/// file cut short anywhere fails its check.
/// </summary>
internal static class SnapshotFile
{
    public const int HeaderSize = 32;
    public const int TrailerSize = 32;
    public const uint FormatVersion = 1;
    private const ulong HeaderMagic = 0x53_52_45_46_49_4E_4F_43; // "CONIFERS"
    private const ulong TrailerMagic = 0x45_52_45_46_49_4E_4F_43; // "CONIFERE"

    public static void WriteHeader(Span<byte> destination, long coversThrough)
    {
        destination[..HeaderSize].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(destination, HeaderMagic);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], HeaderSize);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], coversThrough);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], XxHash3.HashToUInt64(destination[..24]));
    }

    public static void WriteTrailer(Span<byte> destination, long length, ulong stateHash)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, length);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], stateHash);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], TrailerMagic);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], XxHash3.HashToUInt64(destination[..24]));
    }

    /// <summary>
    /// Checks a snapshot file completely (header, trailer, every state byte against the hash) and against the
    /// reference record; returns a sentence saying what is wrong, or <see langword="null"/> when it is usable.
    /// </summary>
    public static string? Check(IStoreFileSystem fileSystem, string path, long coversThrough, long expectedLength, ulong expectedHash, out uint version)
    {
        version = 0;
        using var file = fileSystem.Open(path, StoreFileMode.OpenRead);
        var fileLength = file.Length;
        if (fileLength != HeaderSize + expectedLength + TrailerSize)
        {
            return $"the file is {fileLength} bytes, expected {HeaderSize + expectedLength + TrailerSize} for {expectedLength} state bytes";
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        if (file.Read(0, header) != HeaderSize || BinaryPrimitives.ReadUInt64LittleEndian(header) != HeaderMagic)
        {
            return "the header does not start with the magic bytes CONIFERS";
        }

        if (BinaryPrimitives.ReadUInt64LittleEndian(header[24..]) != XxHash3.HashToUInt64(header[..24]))
        {
            return "the header checksum does not match";
        }

        version = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        if (BinaryPrimitives.ReadInt64LittleEndian(header[16..]) != coversThrough)
        {
            return $"the header covers sequence {BinaryPrimitives.ReadInt64LittleEndian(header[16..])}, the file name says {coversThrough}";
        }

        Span<byte> trailer = stackalloc byte[TrailerSize];
        if (file.Read(HeaderSize + expectedLength, trailer) != TrailerSize
            || BinaryPrimitives.ReadUInt64LittleEndian(trailer[16..]) != TrailerMagic
            || BinaryPrimitives.ReadUInt64LittleEndian(trailer[24..]) != XxHash3.HashToUInt64(trailer[..24]))
        {
            return "the trailer is missing or damaged (the file was cut short or overwritten)";
        }

        if (BinaryPrimitives.ReadInt64LittleEndian(trailer) != expectedLength || BinaryPrimitives.ReadUInt64LittleEndian(trailer[8..]) != expectedHash)
        {
            return "the trailer's length or hash differs from the log's reference record";
        }

        var hasher = new XxHash3();
        var buffer = new byte[Math.Min(expectedLength, 1 << 20) + 1];
        long offset = HeaderSize;
        var remaining = expectedLength;
        while (remaining > 0)
        {
            var chunk = (int)Math.Min(remaining, buffer.Length);
            var read = file.Read(offset, buffer.AsSpan(0, chunk));
            if (read == 0)
            {
                return "the file ended before its state bytes";
            }

            hasher.Append(buffer.AsSpan(0, read));
            offset += read;
            remaining -= read;
        }

        var actual = hasher.GetCurrentHashAsUInt64();
        return actual == expectedHash ? null : $"the state bytes hash to {actual:x16}, expected {expectedHash:x16}";
    }

    public static Stream OpenStateStream(IStoreFileSystem fileSystem, string path, long length) =>
        new SnapshotReadStream(fileSystem.Open(path, StoreFileMode.OpenRead), HeaderSize, length);
}

using System.Buffers.Binary;
using System.IO.Hashing;

namespace Conifer.Store.Format;

/// <summary>
/// One record on disk (docs/store-format.md, "Record frame"): a 24-byte header, the payload, then XXH3-64 of
/// header and payload. The header carries the hash of the previous frame, which chains every record to the one
/// before it, and the record's index in its batch, which lets recovery tell a torn last batch from corruption.
/// </summary>
internal static class RecordFrame
{
    public const int HeaderSize = 24;
    public const int TrailerSize = 8;
    public const int Overhead = HeaderSize + TrailerSize;

    /// <summary>Encodes a frame into <paramref name="destination"/> (at least <see cref="Overhead"/> + payload bytes) and returns its hash.</summary>
    public static ulong Write(Span<byte> destination, RecordKind kind, int indexInBatch, long sequence, ulong previousHash, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)payload.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], (ushort)kind);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], (ushort)indexInBatch);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], previousHash);
        payload.CopyTo(destination[HeaderSize..]);
        var covered = HeaderSize + payload.Length;
        var hash = XxHash3.HashToUInt64(destination[..covered]);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[covered..], hash);
        return hash;
    }

    /// <summary>Checks the frame at the start of <paramref name="data"/> on its own (length, kind, checksum); sequence and chain are the caller's.</summary>
    public static FrameStatus Check(ReadOnlySpan<byte> data, int maxPayload, out Frame frame)
    {
        frame = default;
        if (data.Length < HeaderSize)
        {
            return FrameStatus.Truncated;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(data);
        if (length > (uint)maxPayload)
        {
            return FrameStatus.BadLength;
        }

        var kind = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
        var covered = HeaderSize + (int)length;
        frame = new Frame(
            (int)length,
            (RecordKind)kind,
            BinaryPrimitives.ReadUInt16LittleEndian(data[6..]),
            BinaryPrimitives.ReadInt64LittleEndian(data[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(data[16..]),
            0,
            0);
        if (data.Length < covered + TrailerSize)
        {
            return FrameStatus.Truncated;
        }

        if (kind == 0)
        {
            return FrameStatus.BadKind;
        }

        var stored = BinaryPrimitives.ReadUInt64LittleEndian(data[covered..]);
        var actual = XxHash3.HashToUInt64(data[..covered]);
        frame = frame with { StoredHash = stored, ActualHash = actual };
        return stored == actual ? FrameStatus.Valid : FrameStatus.BadChecksum;
    }

    /// <summary>Reads a frame already checked at open, without hashing again (the replay path).</summary>
    public static Frame ReadTrusted(ReadOnlySpan<byte> data)
    {
        var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data);
        return new Frame(
            length,
            (RecordKind)BinaryPrimitives.ReadUInt16LittleEndian(data[4..]),
            BinaryPrimitives.ReadUInt16LittleEndian(data[6..]),
            BinaryPrimitives.ReadInt64LittleEndian(data[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(data[16..]),
            0,
            0);
    }

    /// <summary>The decoded header fields of a frame.</summary>
    internal readonly record struct Frame(int PayloadLength, RecordKind Kind, int IndexInBatch, long Sequence, ulong PreviousHash, ulong StoredHash, ulong ActualHash)
    {
        public int Size => Overhead + PayloadLength;

        /// <summary>The first sequence of the batch this frame was written in.</summary>
        public long BatchFirstSequence => Sequence - IndexInBatch;
    }
}

using System.Buffers.Binary;

namespace Conifer.Store.Log;

/// <summary>The payload of a <see cref="RecordKind.SnapshotReference"/> record: 3 × u64 little-endian.</summary>
internal static class SnapshotReference
{
    public const int Size = 24;

    public static byte[] Encode(long coversThrough, long length, ulong hash)
    {
        var bytes = new byte[Size];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, coversThrough);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), length);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), hash);
        return bytes;
    }

    public static bool TryDecode(ReadOnlySpan<byte> payload, long referenceSequence, out SnapshotInfo info)
    {
        info = null!;
        if (payload.Length != Size)
        {
            return false;
        }

        info = new SnapshotInfo(
            BinaryPrimitives.ReadInt64LittleEndian(payload),
            referenceSequence,
            BinaryPrimitives.ReadInt64LittleEndian(payload[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(payload[16..]));
        return true;
    }
}

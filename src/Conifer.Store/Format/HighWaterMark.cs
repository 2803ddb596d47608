using System.Buffers.Binary;
using System.IO.Hashing;
using Conifer.Store.IO;

namespace Conifer.Store.Format;

/// <summary>
/// The <c>highwater</c> file (docs/store-format.md, "High-water mark"): a sequence through which every record was
/// durable when the file was written. Written after each snapshot reference is durable, on a clean close and after
/// an accepted loss. On open, a log that ends before it has lost acknowledged records (more than a torn last batch
/// can explain), and the open refuses.
/// </summary>
internal static class HighWaterMark
{
    public const string FileName = "highwater";
    public const int Size = 32;
    public const uint FormatVersion = 1;
    private const ulong Magic = 0x48_52_45_46_49_4E_4F_43; // "CONIFERH"

    public static void Write(IStoreFileSystem fileSystem, StoreLayout layout, long durableSequence)
    {
        Span<byte> bytes = stackalloc byte[Size];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[8..], FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[12..], Size);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[16..], durableSequence);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[24..], XxHash3.HashToUInt64(bytes[..24]));
        var temp = layout.PathOf(FileName + ".tmp");
        fileSystem.Delete(temp);
        using (var file = fileSystem.Open(temp, StoreFileMode.CreateNew))
        {
            file.Write(0, bytes);
            // Synced before the rename and the directory after it, as for a snapshot: the mark must never name a
            // sequence whose file a reboot could leave half-written. Either the old or the new mark survives, and
            // both are true lower bounds of what was durable.
            file.Sync();
        }

        fileSystem.Rename(temp, layout.PathOf(FileName));
        fileSystem.SyncDirectory(layout.Directory);
    }

    /// <summary>The marked sequence, or null when there is no mark (a store older than the mark, or never closed cleanly nor snapshotted).</summary>
    /// <returns>A sentence saying what is wrong with the file, or null when it is absent or valid.</returns>
    public static string? TryRead(IStoreFileSystem fileSystem, StoreLayout layout, out long? sequence)
    {
        sequence = null;
        var path = layout.PathOf(FileName);
        if (!fileSystem.FileExists(path))
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[Size];
        using var file = fileSystem.Open(path, StoreFileMode.OpenRead);
        if (file.Length != Size || file.Read(0, bytes) != Size)
        {
            return $"the file is {file.Length} bytes long, expected {Size}";
        }

        if (BinaryPrimitives.ReadUInt64LittleEndian(bytes) != Magic)
        {
            return "the file does not start with the magic bytes CONIFERH";
        }

        if (BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]) != XxHash3.HashToUInt64(bytes[..24]))
        {
            return "the checksum does not match";
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        if (version > FormatVersion)
        {
            throw new Exceptions.StoreFormatVersionException(FileName, version, FormatVersion);
        }

        sequence = BinaryPrimitives.ReadInt64LittleEndian(bytes[16..]);
        return null;
    }
}

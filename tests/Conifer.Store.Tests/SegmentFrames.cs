using System.Buffers.Binary;

namespace Conifer.Store.Tests;

/// <summary>Where each record frame of a segment file starts and ends (format v1: 64-byte header, 32 bytes of framing per record).</summary>
public static class SegmentFrames
{
    public const int HeaderSize = 64;
    public const int Overhead = 32;

    public static List<(long Start, long End)> Of(byte[] segment)
    {
        var frames = new List<(long, long)>();
        var position = HeaderSize;
        while (position + Overhead <= segment.Length)
        {
            var end = position + Overhead + (long)BinaryPrimitives.ReadUInt32LittleEndian(segment.AsSpan(position));
            if (end > segment.Length)
            {
                break;
            }

            frames.Add((position, end));
            position = (int)end;
        }

        return frames;
    }

    /// <summary>
    /// Writes a store as a killed process leaves it: every append synced, but no clean-close high-water mark, so
    /// that a tail torn afterwards reads as the torn last batch of a crash rather than as lost acknowledged records.
    /// </summary>
    public static async Task<string> WriteStoreAsync(string directory, int records, int payloadBytes = 100)
    {
        await using (var store = FileProcessStore.Open(directory))
        {
            for (var i = 1; i <= records; i++)
            {
                await store.AppendAsync(RecordKind.AppEvent, Payload(i, payloadBytes));
            }
        }

        ForgetCleanClose(directory);
        return Path.Combine(directory, "log-00000000000000000001.seg");
    }

    /// <summary>Deletes the high-water mark a clean close wrote, leaving the store as a kill after the same appends would.</summary>
    public static void ForgetCleanClose(string directory) => File.Delete(Path.Combine(directory, "highwater"));

    public static byte[] Payload(long sequence, int length = 100)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(sequence * 31 + i);
        }

        return bytes;
    }
}

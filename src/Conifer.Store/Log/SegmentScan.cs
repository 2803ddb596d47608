using System.Buffers.Binary;
using Conifer.Store.Format;

namespace Conifer.Store.Log;

/// <summary>
/// Walks the frames of one segment, checking each frame's checksum, its sequence and its chain link to the frame
/// before, and stops at the first fault.
/// </summary>
internal sealed class SegmentScan
{
    public long LastSequence { get; private set; }

    public ulong LastHash { get; private set; }

    public long RecordCount { get; private set; }

    /// <summary>The offset just after the last valid frame.</summary>
    public long ValidEnd { get; private set; }

    public ScanFault? Fault { get; private set; }

    /// <summary>Scans <paramref name="data"/> (the whole file, header included) from <paramref name="start"/>, handing each valid record to <paramref name="onRecord"/>.</summary>
    public static SegmentScan Run(ReadOnlySpan<byte> data, int start, long firstSequence, ulong previousHash, int maxPayload, Action<RecordFrame.Frame, ReadOnlySpan<byte>>? onRecord)
    {
        var scan = new SegmentScan();
        var position = start;
        var sequence = firstSequence - 1;
        var hash = previousHash;
        long count = 0;
        while (position < data.Length)
        {
            var status = RecordFrame.Check(data[position..], maxPayload, out var frame);
            var problem = status switch
            {
                FrameStatus.Valid => null,
                FrameStatus.Truncated => $"the frame is cut short: {data.Length - position} bytes remain in the file",
                FrameStatus.BadLength => $"the frame's payload length {frame.PayloadLength} is above the limit of {maxPayload} bytes",
                FrameStatus.BadKind => "the frame's record kind is 0",
                FrameStatus.BadChecksum => "the frame's checksum does not match its bytes",
                _ => throw new InvalidOperationException($"{nameof(SegmentScan)}.{nameof(Run)}: unhandled frame status {status}"),
            };
            ulong? expected = status == FrameStatus.BadChecksum ? frame.StoredHash : null;
            ulong? actual = status == FrameStatus.BadChecksum ? frame.ActualHash : null;
            if (problem is null && frame.Sequence != sequence + 1)
            {
                problem = $"the frame holds sequence {frame.Sequence} where {sequence + 1} belongs";
            }
            else if (problem is null && frame.PreviousHash != hash)
            {
                problem = "the frame's chain link does not name the previous record's hash";
                (expected, actual) = (hash, frame.PreviousHash);
            }

            if (problem is not null)
            {
                scan.Fault = new ScanFault(position, sequence + 1, problem, expected, actual);
                break;
            }

            onRecord?.Invoke(frame, data.Slice(position + RecordFrame.HeaderSize, frame.PayloadLength));

            sequence = frame.Sequence;
            hash = frame.StoredHash;
            count++;
            position += frame.Size;
        }

        scan.LastSequence = sequence;
        scan.LastHash = hash;
        scan.RecordCount = count;
        scan.ValidEnd = scan.Fault?.Offset ?? position;
        return scan;
    }

    /// <summary>
    /// Looks after a fault for a valid frame written by a later batch than the one the fault is in. Batches are
    /// written one at a time, each only after the one before was synced, so such a frame proves the faulty batch had
    /// been durable: the damage is corruption, not a torn tail. Returns its offset, or -1 when there is none.
    /// </summary>
    public static long FindLaterBatch(ReadOnlySpan<byte> data, long from, long expectedSequence, int maxPayload)
    {
        for (var position = (int)from; position + RecordFrame.Overhead <= data.Length; position++)
        {
            // Cheap filters first: zeros and garbage rarely carry a plausible sequence.
            var sequence = BinaryPrimitives.ReadInt64LittleEndian(data[(position + 8)..]);
            if (sequence < expectedSequence || sequence - expectedSequence > int.MaxValue)
            {
                continue;
            }

            if (RecordFrame.Check(data[position..], maxPayload, out var frame) != FrameStatus.Valid)
            {
                continue;
            }

            if (frame.BatchFirstSequence > expectedSequence)
            {
                return position;
            }

            position += frame.Size - 1;
        }

        return -1;
    }

    /// <summary>
    /// How many frames begin at or after <paramref name="from"/>, following each length field (a torn tail's
    /// records, whole or not); a length beyond the limit or the end counts once and stops the walk.
    /// </summary>
    public static long CountFrameStarts(ReadOnlySpan<byte> data, long from, int maxPayload)
    {
        long count = 0;
        for (var position = from; position < data.Length; count++)
        {
            if (position + 4 > data.Length)
            {
                return count + 1;
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(data[(int)position..]);
            if (length > (uint)maxPayload)
            {
                return count + 1;
            }

            position += RecordFrame.Overhead + length;
        }

        return count;
    }

    /// <summary>Whether any valid frame at all lies in <paramref name="data"/> from <paramref name="from"/> (for a segment whose header is unreadable).</summary>
    public static long FindAnyFrame(ReadOnlySpan<byte> data, long from, int maxPayload)
    {
        for (var position = (int)from; position + RecordFrame.Overhead <= data.Length; position++)
        {
            if (BinaryPrimitives.ReadInt64LittleEndian(data[(position + 8)..]) > 0
                && RecordFrame.Check(data[position..], maxPayload, out _) == FrameStatus.Valid)
            {
                return position;
            }
        }

        return -1;
    }
}

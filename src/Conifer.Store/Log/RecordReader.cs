using Conifer.Store.Format;
using Conifer.Store.IO;

namespace Conifer.Store.Log;

/// <summary>
/// Streams records of an already-checked log: one read per segment, then frames parsed in place, each payload a
/// slice of the segment's buffer (no copy, no allocation per record).
/// </summary>
internal static class RecordReader
{
    public static IEnumerable<LogRecord> Read(IStoreFileSystem fileSystem, StoreLayout layout, IReadOnlyList<(string Name, long FirstSequence, long ValidEnd)> segments, long fromSequence, long lastSequence)
    {
        for (var i = 0; i < segments.Count; i++)
        {
            if (i + 1 < segments.Count && segments[i + 1].FirstSequence <= fromSequence)
            {
                continue;
            }

            var (name, _, validEnd) = segments[i];
            var data = new byte[validEnd];
            using (var file = fileSystem.Open(layout.PathOf(name), StoreFileMode.OpenRead))
            {
                if (file.Read(0, data) != data.Length)
                {
                    throw new IOException($"{name} became shorter than the {validEnd} bytes checked when the store was opened.");
                }
            }

            var position = SegmentHeader.Size;
            while (position < data.Length)
            {
                var frame = RecordFrame.ReadTrusted(data.AsSpan(position));
                if (frame.Sequence > lastSequence)
                {
                    yield break;
                }

                if (frame.Sequence >= fromSequence)
                {
                    yield return new LogRecord(frame.Sequence, frame.Kind, data.AsMemory(position + RecordFrame.HeaderSize, frame.PayloadLength));
                }

                position += frame.Size;
            }
        }
    }
}

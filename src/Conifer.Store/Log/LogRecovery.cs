using Conifer.Store.Exceptions;
using Conifer.Store.Format;
using Conifer.Store.IO;

namespace Conifer.Store.Log;

/// <summary>
/// Reads every segment in sequence order, checking every frame and chain link, and decides what a fault means:
/// in the last batch of the last segment it is a torn tail (reported, and cut by <see cref="Cut"/> once the open has
/// checked the cut against the high-water mark); anywhere else it is corruption, and the open stops with
/// <see cref="StoreCorruptException"/> rather than replay past it. Run itself changes no file.
/// </summary>
internal static class LogRecovery
{
    public static RecoveredLog Run(IStoreFileSystem fileSystem, StoreLayout layout, StoreOptions options, IProgress<StoreProgress>? progress)
    {
        var names = fileSystem.ListFiles(layout.Directory);
        var segmentNames = names
            .Select(n => (Name: n, Ok: StoreLayout.TryParseSegment(n, out var first), First: first))
            .Where(s => s.Ok)
            .OrderBy(s => s.First)
            .ToList();

        var segments = new List<SegmentEntry>();
        var references = new Dictionary<long, SnapshotInfo>();
        TailRepair? repair = null;
        long lastSequence = 0;
        ulong lastHash = 0;
        long bytesTotal = 0;
        foreach (var s in segmentNames)
        {
            using var f = fileSystem.Open(layout.PathOf(s.Name), StoreFileMode.OpenRead);
            bytesTotal += f.Length;
        }

        long bytesDone = 0;
        long recordsDone = 0;
        for (var i = 0; i < segmentNames.Count; i++)
        {
            var name = segmentNames[i].Name;
            var isLast = i == segmentNames.Count - 1;
            var data = ReadAll(fileSystem, layout.PathOf(name));
            var headerProblem = SegmentHeader.TryRead(data, out var firstSequence, out var previousHash, out var version);
            if (headerProblem is not null)
            {
                // A segment's header is synced before any record goes in, so a torn header in the last segment
                // means it never held an acknowledged record: drop the file. Anywhere else it is corruption.
                var frameAt = SegmentScan.FindAnyFrame(data, 0, options.MaxRecordBytes);
                if (!isLast || frameAt >= 0)
                {
                    throw new StoreCorruptException(name, 0, lastSequence + 1, headerProblem);
                }

                repair = new TailRepair(name, 0, data.Length, 0, lastSequence, $"an unfinished segment ({headerProblem})", Applied: false);
                break;
            }

            if (version > SegmentHeader.FormatVersion)
            {
                throw new StoreFormatVersionException(name, version, SegmentHeader.FormatVersion);
            }

            if (firstSequence != segmentNames[i].First)
            {
                throw new StoreCorruptException(name, 16, firstSequence, $"the header says the segment starts at sequence {firstSequence}, its name says {segmentNames[i].First}");
            }

            if (i > 0 && (firstSequence != lastSequence + 1 || previousHash != lastHash))
            {
                throw new StoreCorruptException(
                    name,
                    16,
                    lastSequence + 1,
                    firstSequence != lastSequence + 1
                        ? $"the segment starts at sequence {firstSequence} but the previous one ends at {lastSequence} (a segment is missing)"
                        : "the segment's chain link does not name the previous segment's last record",
                    lastHash,
                    previousHash);
            }

            var scan = SegmentScan.Run(
                data,
                SegmentHeader.Size,
                firstSequence,
                previousHash,
                options.MaxRecordBytes,
                (frame, payload) =>
                {
                    if (frame.Kind == RecordKind.SnapshotReference && SnapshotReference.TryDecode(payload, frame.Sequence, out var info))
                    {
                        references[info.CoversThroughSequence] = info;
                    }
                });

            if (scan.Fault is { } fault)
            {
                var laterBatch = isLast ? SegmentScan.FindLaterBatch(data, fault.Offset + 1, fault.ExpectedSequence, options.MaxRecordBytes) : -1;
                if (!isLast || laterBatch >= 0)
                {
                    var problem = isLast ? $"{fault.Problem}, and a later batch follows at offset {laterBatch}" : fault.Problem;
                    throw new StoreCorruptException(name, fault.Offset, fault.ExpectedSequence, problem, fault.ExpectedChecksum, fault.ActualChecksum);
                }

                var records = SegmentScan.CountFrameStarts(data, fault.Offset, options.MaxRecordBytes);
                repair = new TailRepair(name, fault.Offset, data.Length - fault.Offset, records, scan.LastSequence, fault.Problem, Applied: false);
            }

            segments.Add(new SegmentEntry(name, firstSequence, scan.ValidEnd));
            lastSequence = scan.LastSequence;
            lastHash = scan.LastHash;
            bytesDone += data.Length;
            recordsDone += scan.RecordCount;
            progress?.Report(new StoreProgress(StorePhase.ScanningLog, bytesDone, bytesTotal, recordsDone));
        }

        return new RecoveredLog
        {
            Segments = segments,
            LastSequence = lastSequence,
            LastHash = lastHash,
            TailRepair = repair,
            SnapshotReferences = references,
        };
    }

    /// <summary>Cuts the tail <see cref="Run"/> found (deletes an unfinished segment) and makes the cut durable.</summary>
    public static TailRepair Cut(IStoreFileSystem fileSystem, StoreLayout layout, TailRepair repair)
    {
        var path = layout.PathOf(repair.File);
        if (repair.Offset == 0)
        {
            fileSystem.Delete(path);
            fileSystem.SyncDirectory(layout.Directory);
        }
        else
        {
            // Cut before anything new is written: a new batch shorter than the garbage would otherwise leave
            // stale frames behind it that a later open could take for a following batch.
            using var file = fileSystem.Open(path, StoreFileMode.OpenReadWrite);
            file.SetLength(repair.Offset);
            file.Sync();
        }

        return repair with { Applied = true };
    }

    public static byte[] ReadAll(IStoreFileSystem fileSystem, string path)
    {
        using var file = fileSystem.Open(path, StoreFileMode.OpenRead);
        var length = file.Length;
        var data = new byte[length];
        var read = file.Read(0, data);
        return read == data.Length ? data : data[..read];
    }
}

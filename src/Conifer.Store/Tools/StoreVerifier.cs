using System.Buffers.Binary;
using System.Security.Cryptography;
using Conifer.Store.Format;
using Conifer.Store.IO;
using Conifer.Store.Log;

namespace Conifer.Store.Tools;

/// <summary>
/// The walk behind <see cref="StoreTools.Verify"/>: segment headers, frames, chain links, the log's start (a
/// truncate record must explain it), its end (the high-water mark), referenced snapshots, blobs by hash and, given
/// <see cref="IBlobReferences"/>, every blob a record or snapshot names. Reads only.
/// </summary>
internal sealed class StoreVerifier(IStoreFileSystem fileSystem, StoreLayout layout, StoreOptions options, IBlobReferences? blobReferences, IProgress<StoreProgress>? progress)
{
    private readonly List<StoreProblem> _problems = [];
    private readonly Dictionary<long, SnapshotInfo> _references = [];
    private readonly Dictionary<string, string> _namedBlobs = new(StringComparer.Ordinal);
    private long _truncatedThrough;
    private long _records;
    private long _lastSequence;
    private ulong _lastHash;
    private TailRepair? _tornTail;
    private string _segment = string.Empty;

    public VerifyReport Run()
    {
        var segments = fileSystem.ListFiles(layout.Directory)
            .Select(n => (Name: n, Ok: StoreLayout.TryParseSegment(n, out var first), First: first))
            .Where(s => s.Ok)
            .OrderBy(s => s.First)
            .ToList();
        var sizes = segments.Select(s => FileLength(layout.PathOf(s.Name))).ToList();
        var bytesTotal = sizes.Sum();
        long bytesDone = 0;
        for (var i = 0; i < segments.Count; i++)
        {
            VerifySegment(segments[i].Name, segments[i].First, i, isLast: i == segments.Count - 1);
            bytesDone += sizes[i];
            progress?.Report(new StoreProgress(StorePhase.Verifying, bytesDone, bytesTotal, _records));
        }

        CheckStart(segments.Count > 0 ? segments[0] : null);
        CheckEnd();
        var snapshots = VerifySnapshots();
        var (blobs, present) = VerifyBlobs();
        foreach (var (blob, namedBy) in _namedBlobs.Where(b => !present.Contains(b.Key)))
        {
            _problems.Add(new StoreProblem(Path.Combine(StoreLayout.BlobDirectoryName, blob), 0, null, $"the blob is missing; {namedBy} names it, and a restore or export that reaches it fails"));
        }

        return new VerifyReport(_problems, segments.Count, _records, snapshots, blobs, _tornTail, Leftovers(), blobReferences is null ? null : _namedBlobs.Count);
    }

    private void VerifySegment(string name, long nameFirst, int index, bool isLast)
    {
        var data = LogRecovery.ReadAll(fileSystem, layout.PathOf(name));
        _segment = name;
        var headerProblem = SegmentHeader.TryRead(data, out var first, out var previousHash, out var version);
        if (headerProblem is not null)
        {
            if (isLast && SegmentScan.FindAnyFrame(data, 0, options.MaxRecordBytes) < 0)
            {
                _tornTail = new TailRepair(name, 0, data.Length, 0, _lastSequence, $"an unfinished segment ({headerProblem})", Applied: false);
                return;
            }

            _problems.Add(new StoreProblem(name, 0, null, headerProblem));
            first = nameFirst;
            previousHash = _lastHash;
        }
        else if (version > SegmentHeader.FormatVersion)
        {
            _problems.Add(new StoreProblem(name, 8, null, $"the segment has format version {version}; this build reads version {SegmentHeader.FormatVersion} and older"));
            return;
        }
        else if (first != nameFirst)
        {
            _problems.Add(new StoreProblem(name, 16, first, $"the header says the segment starts at sequence {first}, its name says {nameFirst}"));
        }
        else if (index > 0 && first != _lastSequence + 1)
        {
            _problems.Add(new StoreProblem(name, 16, _lastSequence + 1, $"the segment starts at sequence {first} but the previous one ends at {_lastSequence} (a segment is missing)"));
        }
        else if (index > 0 && previousHash != _lastHash)
        {
            _problems.Add(new StoreProblem(name, 24, first, "the segment's chain link does not name the previous segment's last record"));
        }

        long position = SegmentHeader.Size;
        var expected = first;
        var hash = previousHash;
        while (position < data.Length)
        {
            var scan = SegmentScan.Run(data, (int)position, expected, hash, options.MaxRecordBytes, OnRecord);
            _records += scan.RecordCount;
            _lastSequence = scan.LastSequence;
            _lastHash = scan.LastHash;
            if (scan.Fault is not { } fault)
            {
                break;
            }

            // The same rule recovery applies: a fault in the last segment with no later batch after it lies in the
            // last batch, which may never have finished its sync. That is a torn tail, not damage.
            if (isLast && SegmentScan.FindLaterBatch(data, fault.Offset + 1, fault.ExpectedSequence, options.MaxRecordBytes) < 0)
            {
                _tornTail = new TailRepair(name, fault.Offset, data.Length - fault.Offset, SegmentScan.CountFrameStarts(data, fault.Offset, options.MaxRecordBytes), scan.LastSequence, fault.Problem, Applied: false);
                break;
            }

            var sums = fault.ExpectedChecksum is { } e && fault.ActualChecksum is { } a ? $" (expected {e:x16}, actual {a:x16})" : string.Empty;
            _problems.Add(new StoreProblem(name, fault.Offset, fault.ExpectedSequence, fault.Problem + sums));
            // Resynchronise on the next frame that checks on its own, and go on from its sequence and chain.
            var next = SegmentScan.FindAnyFrame(data, fault.Offset + 1, options.MaxRecordBytes);
            if (next < 0)
            {
                break;
            }

            var resumed = RecordFrame.ReadTrusted(data.AsSpan((int)next));
            _problems.Add(new StoreProblem(name, next, resumed.Sequence, $"valid records resume here after {next - fault.Offset} damaged bytes"));
            position = next;
            expected = resumed.Sequence;
            hash = resumed.PreviousHash;
        }
    }

    private void OnRecord(RecordFrame.Frame frame, ReadOnlySpan<byte> payload)
    {
        switch (frame.Kind)
        {
            case RecordKind.SnapshotReference:
                if (SnapshotReference.TryDecode(payload, frame.Sequence, out var info))
                {
                    _references[info.CoversThroughSequence] = info;
                }

                return;
            case RecordKind.Truncate:
                if (payload.Length == 8)
                {
                    _truncatedThrough = Math.Max(_truncatedThrough, BinaryPrimitives.ReadInt64LittleEndian(payload));
                }

                return;
            default:
                if (blobReferences is null)
                {
                    return;
                }

                try
                {
                    foreach (var blob in blobReferences.InRecord(frame.Kind, frame.Sequence, payload.ToArray()))
                    {
                        _namedBlobs.TryAdd(blob, $"{frame.Kind} record {frame.Sequence}");
                    }
                }
                catch (InvalidDataException e)
                {
                    _problems.Add(new StoreProblem(_segment, -1, frame.Sequence, $"the {frame.Kind} payload does not decode: {e.Message}"));
                }

                return;
        }
    }

    /// <summary>A log that begins after record 1 is only sound when a truncate record says history was dropped up to there.</summary>
    private void CheckStart((string Name, bool Ok, long First)? oldest)
    {
        if (oldest is not { } segment || segment.First <= 1 || segment.First - 1 <= _truncatedThrough)
        {
            return;
        }

        var why = _truncatedThrough == 0 ? "no truncate record is in the log" : $"the newest truncate record only drops history through record {_truncatedThrough}";
        _problems.Add(new StoreProblem(segment.Name, 0, segment.First, $"the log begins at record {segment.First} but {why}: the oldest segment(s) were deleted outside a truncate"));
    }

    private void CheckEnd()
    {
        var problem = HighWaterMark.TryRead(fileSystem, layout, out var mark);
        if (problem is not null)
        {
            _problems.Add(new StoreProblem(HighWaterMark.FileName, 0, null, problem));
        }
        else if (mark is { } durable && durable > _lastSequence)
        {
            var where = _tornTail is { } tail ? $"{tail.File} at offset {tail.Offset}" : "the last segment's end";
            _problems.Add(new StoreProblem(_tornTail?.File ?? HighWaterMark.FileName, _tornTail?.Offset ?? 0, _lastSequence + 1, $"the log ends at record {_lastSequence} ({where}), but the high-water mark says records through {durable} were durable: {durable - _lastSequence} acknowledged record(s) are lost"));
            // The cut is then part of the loss, not a torn tail an open could cut on its own.
            _tornTail = null;
        }
    }

    private int VerifySnapshots()
    {
        var checkedFiles = 0;
        var newest = _references.Keys.DefaultIfEmpty(-1).Max();
        foreach (var reference in _references.Values)
        {
            var name = StoreLayout.SnapshotName(reference.CoversThroughSequence);
            var path = layout.PathOf(name);
            if (!fileSystem.FileExists(path))
            {
                // Older snapshots are deleted by truncate on purpose; the newest must be there.
                if (reference.CoversThroughSequence == newest)
                {
                    _problems.Add(new StoreProblem(name, 0, null, $"the newest snapshot, referenced by record {reference.ReferenceSequence}, is missing"));
                }

                continue;
            }

            checkedFiles++;
            var problem = SnapshotFile.Check(fileSystem, path, reference.CoversThroughSequence, reference.Length, reference.StateHash, out var version);
            if (problem is null && version > SnapshotFile.FormatVersion)
            {
                problem = $"the snapshot has format version {version}; this build reads version {SnapshotFile.FormatVersion} and older";
            }

            if (problem is not null)
            {
                _problems.Add(new StoreProblem(name, 0, null, problem));
                continue;
            }

            if (blobReferences is not null)
            {
                try
                {
                    using var state = SnapshotFile.OpenStateStream(fileSystem, path, reference.Length);
                    foreach (var blob in blobReferences.InSnapshot(reference.CoversThroughSequence, state))
                    {
                        _namedBlobs.TryAdd(blob, $"the snapshot {name}");
                    }
                }
                catch (InvalidDataException e)
                {
                    _problems.Add(new StoreProblem(name, SnapshotFile.HeaderSize, null, $"the state bytes do not decode: {e.Message}"));
                }
            }
        }

        return checkedFiles;
    }

    private (int Count, HashSet<string> Present) VerifyBlobs()
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in fileSystem.ListFiles(layout.BlobDirectory).Where(n => !StoreLayout.IsTemp(n)))
        {
            present.Add(name);
            var bytes = LogRecovery.ReadAll(fileSystem, Path.Combine(layout.BlobDirectory, name));
            var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (actual != name)
            {
                _problems.Add(new StoreProblem(Path.Combine(StoreLayout.BlobDirectoryName, name), 0, null, $"the blob's bytes hash to SHA-256 {actual}, not to its name"));
            }
        }

        return (present.Count, present);
    }

    private List<string> Leftovers()
    {
        var leftovers = new List<string>();
        foreach (var name in fileSystem.ListFiles(layout.Directory).Order(StringComparer.Ordinal))
        {
            if (StoreLayout.IsTemp(name))
            {
                leftovers.Add($"{name}: a temp file of a write that did not finish (the next writable open deletes it)");
            }
            else if (StoreLayout.TryParseSnapshot(name, out var covers) && !_references.ContainsKey(covers))
            {
                leftovers.Add($"{name}: a snapshot no retained record references (written just before a crash, or left by a copy); recovery ignores it");
            }
        }

        foreach (var name in fileSystem.ListFiles(layout.BlobDirectory).Where(StoreLayout.IsTemp).Order(StringComparer.Ordinal))
        {
            leftovers.Add($"{Path.Combine(StoreLayout.BlobDirectoryName, name)}: a temp file of a blob write that did not finish (the next writable open deletes it)");
        }

        return leftovers;
    }

    private long FileLength(string path)
    {
        using var file = fileSystem.Open(path, StoreFileMode.OpenRead);
        return file.Length;
    }
}

using System.Security.Cryptography;
using Conifer.Store.Format;
using Conifer.Store.IO;
using Conifer.Store.Log;

namespace Conifer.Store.Tools;

/// <summary>The offline tools behind <c>conifer store verify|copy</c>.</summary>
public static class StoreTools
{
    /// <summary>
    /// Walks every segment header, record checksum, sequence and chain link, every referenced snapshot and every
    /// blob, without taking the lock or changing anything, and reports every problem (not just the first).
    /// </summary>
    public static VerifyReport Verify(string directory, StoreOptions? options = null, IProgress<StoreProgress>? progress = null)
    {
        options ??= StoreOptions.Default;
        var fileSystem = options.FileSystem;
        var layout = new StoreLayout(Path.GetFullPath(directory));
        var problems = new List<StoreProblem>();
        var references = new Dictionary<long, SnapshotInfo>();
        var segments = fileSystem.ListFiles(layout.Directory)
            .Select(n => (Name: n, Ok: StoreLayout.TryParseSegment(n, out var first), First: first))
            .Where(s => s.Ok)
            .OrderBy(s => s.First)
            .ToList();
        var sizes = segments.Select(s => FileLength(fileSystem, layout.PathOf(s.Name))).ToList();
        var bytesTotal = sizes.Sum();
        long bytesDone = 0;
        long records = 0;
        long lastSequence = 0;
        ulong lastHash = 0;
        for (var i = 0; i < segments.Count; i++)
        {
            var name = segments[i].Name;
            var data = LogRecovery.ReadAll(fileSystem, layout.PathOf(name));
            var headerProblem = SegmentHeader.TryRead(data, out var first, out var previousHash, out _);
            if (headerProblem is not null)
            {
                problems.Add(new StoreProblem(name, 0, null, headerProblem));
                first = segments[i].First;
                previousHash = lastHash;
            }
            else if (i > 0 && first != lastSequence + 1)
            {
                problems.Add(new StoreProblem(name, 16, lastSequence + 1, $"the segment starts at sequence {first} but the previous one ends at {lastSequence}"));
            }
            else if (i > 0 && previousHash != lastHash)
            {
                problems.Add(new StoreProblem(name, 24, first, "the segment's chain link does not name the previous segment's last record"));
            }

            long position = SegmentHeader.Size;
            var expected = first;
            var hash = previousHash;
            while (position < data.Length)
            {
                var scan = SegmentScan.Run(data, (int)position, expected, hash, options.MaxRecordBytes, (frame, payload) =>
                {
                    if (frame.Kind == RecordKind.SnapshotReference && SnapshotReference.TryDecode(payload, frame.Sequence, out var info))
                    {
                        references[info.CoversThroughSequence] = info;
                    }
                });
                records += scan.RecordCount;
                lastSequence = scan.LastSequence;
                lastHash = scan.LastHash;
                if (scan.Fault is not { } fault)
                {
                    break;
                }

                var sums = fault.ExpectedChecksum is { } e && fault.ActualChecksum is { } a ? $" (expected {e:x16}, actual {a:x16})" : string.Empty;
                problems.Add(new StoreProblem(name, fault.Offset, fault.ExpectedSequence, fault.Problem + sums));
                // Resynchronise on the next frame that checks on its own, and go on from its sequence and chain.
                var next = SegmentScan.FindAnyFrame(data, fault.Offset + 1, options.MaxRecordBytes);
                if (next < 0)
                {
                    break;
                }

                var resumed = RecordFrame.ReadTrusted(data.AsSpan((int)next));
                problems.Add(new StoreProblem(name, next, resumed.Sequence, $"valid records resume here after {next - fault.Offset} damaged bytes"));
                position = next;
                expected = resumed.Sequence;
                hash = resumed.PreviousHash;
            }

            bytesDone += sizes[i];
            progress?.Report(new StoreProgress(StorePhase.Verifying, bytesDone, bytesTotal, records));
        }

        var snapshots = 0;
        var newest = references.Keys.DefaultIfEmpty(-1).Max();
        foreach (var reference in references.Values)
        {
            var name = StoreLayout.SnapshotName(reference.CoversThroughSequence);
            var path = layout.PathOf(name);
            if (!fileSystem.FileExists(path))
            {
                // Older snapshots are deleted by truncate on purpose; the newest must be there.
                if (reference.CoversThroughSequence == newest)
                {
                    problems.Add(new StoreProblem(name, 0, null, $"the newest snapshot, referenced by record {reference.ReferenceSequence}, is missing"));
                }

                continue;
            }

            snapshots++;
            var problem = SnapshotFile.Check(fileSystem, path, reference.CoversThroughSequence, reference.Length, reference.StateHash, out _);
            if (problem is not null)
            {
                problems.Add(new StoreProblem(name, 0, null, problem));
            }
        }

        var blobs = 0;
        foreach (var name in fileSystem.ListFiles(layout.BlobDirectory).Where(n => !StoreLayout.IsTemp(n)))
        {
            blobs++;
            var bytes = LogRecovery.ReadAll(fileSystem, Path.Combine(layout.BlobDirectory, name));
            var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (actual != name)
            {
                problems.Add(new StoreProblem(Path.Combine(StoreLayout.BlobDirectoryName, name), 0, null, $"the blob's bytes hash to SHA-256 {actual}, not to its name"));
            }
        }

        return new VerifyReport(problems, segments.Count, records, snapshots, blobs);
    }

    /// <summary>
    /// Copies a store no server holds into an empty or missing directory (takes the lock for the duration). For a
    /// store a server owns, use the server's <see cref="IProcessStore.CopyToAsync"/> (<c>GET /api/backup</c>).
    /// </summary>
    public static async Task CopyAsync(string source, string destination, StoreOptions? options = null, IProgress<StoreProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var store = FileProcessStore.Open(source, options, progress);
        await using (store.ConfigureAwait(false))
        {
            await store.CopyToAsync(destination, progress, cancellationToken).ConfigureAwait(false);
        }
    }

    private static long FileLength(IStoreFileSystem fileSystem, string path)
    {
        using var file = fileSystem.Open(path, StoreFileMode.OpenRead);
        return file.Length;
    }
}

using Conifer.Store.Exceptions;
using Conifer.Store.Format;
using Conifer.Store.IO;

namespace Conifer.Store.Log;

/// <summary>
/// Picks the snapshot recovery starts from: the newest one that the valid log references, whose file passes every
/// check, and after which the retained log continues without a gap. A damaged one is skipped (and named) in favour
/// of an older one and a longer replay. With <see cref="RecoveryStart.OldestSnapshot"/> the order is reversed, and a
/// log that still begins at sequence 1 needs no snapshot at all.
/// </summary>
internal static class SnapshotSelection
{
    public static (RecoveredSnapshot? Snapshot, List<(string Name, string Description)> Skipped) Choose(IStoreFileSystem fileSystem, StoreLayout layout, RecoveredLog log, IProgress<StoreProgress>? progress, RecoveryStart start = RecoveryStart.NewestSnapshot)
    {
        var skipped = new List<(string Name, string Description)>();
        if (start == RecoveryStart.OldestSnapshot && log.FirstRetainedSequence == 1)
        {
            return (null, skipped);
        }

        var usable = log.SnapshotReferences.Values
            .Where(r => r.CoversThroughSequence >= log.FirstRetainedSequence - 1 && r.CoversThroughSequence <= log.LastSequence);
        var candidates = (start == RecoveryStart.OldestSnapshot
            ? usable.OrderBy(r => r.CoversThroughSequence)
            : usable.OrderByDescending(r => r.CoversThroughSequence)).ToList();
        var bytesTotal = candidates.Sum(c => c.Length);
        long bytesDone = 0;
        foreach (var candidate in candidates)
        {
            var name = StoreLayout.SnapshotName(candidate.CoversThroughSequence);
            var path = layout.PathOf(name);
            string? problem;
            uint version = 0;
            if (!fileSystem.FileExists(path))
            {
                problem = "the file is missing";
            }
            else
            {
                problem = SnapshotFile.Check(fileSystem, path, candidate.CoversThroughSequence, candidate.Length, candidate.StateHash, out version);
            }

            bytesDone += candidate.Length;
            progress?.Report(new StoreProgress(StorePhase.CheckingSnapshots, bytesDone, bytesTotal, 0));
            if (problem is null && version > SnapshotFile.FormatVersion)
            {
                throw new StoreFormatVersionException(name, version, SnapshotFile.FormatVersion);
            }

            if (problem is null)
            {
                return (new RecoveredSnapshot(fileSystem, path, candidate), skipped);
            }

            skipped.Add((name, $"{name} (referenced by record {candidate.ReferenceSequence}): {problem}"));
        }

        if (log.FirstRetainedSequence > 1)
        {
            var file = candidates.Count > 0 ? StoreLayout.SnapshotName(candidates[0].CoversThroughSequence) : log.Segments[0].Name;
            throw new StoreCorruptException(
                file,
                0,
                null,
                $"no usable snapshot covers the history before sequence {log.FirstRetainedSequence}, which was truncated" + (skipped.Count > 0 ? "; " + string.Join("; ", skipped.Select(s => s.Description)) : string.Empty));
        }

        return (null, skipped);
    }
}

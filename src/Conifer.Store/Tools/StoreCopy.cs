using Conifer.Store.Format;
using Conifer.Store.IO;

namespace Conifer.Store.Tools;

/// <summary>
/// Copies a live store: the segments up to their durable length at the moment the copy starts (a batch boundary,
/// so the copy ends on a complete record), every snapshot file and every blob. Each file is synced, then the
/// directory, so the copy is itself a durable store.
/// </summary>
internal static class StoreCopy
{
    private const int ChunkSize = 1 << 20;

    public static void Copy(IStoreFileSystem fileSystem, StoreLayout source, IReadOnlyList<(string Name, long FirstSequence, long Length)> segments, string destination, IProgress<StoreProgress>? progress, CancellationToken cancellationToken)
    {
        if (fileSystem.DirectoryExists(destination) && fileSystem.ListFiles(destination).Count > 0)
        {
            throw new IOException($"The copy destination '{destination}' is not empty.");
        }

        var target = new StoreLayout(destination);
        fileSystem.CreateDirectory(destination);
        fileSystem.CreateDirectory(target.BlobDirectory);
        var files = new List<(string From, string To, long Length)>();
        foreach (var (name, _, length) in segments)
        {
            files.Add((source.PathOf(name), target.PathOf(name), length));
        }

        foreach (var name in fileSystem.ListFiles(source.Directory).Where(n => StoreLayout.TryParseSnapshot(n, out _)))
        {
            files.Add((source.PathOf(name), target.PathOf(name), -1));
        }

        // The repair journal goes along so that the copy's history still shows what earlier opens repaired.
        if (fileSystem.FileExists(source.PathOf(Repairs.RepairJournal.FileName)))
        {
            files.Add((source.PathOf(Repairs.RepairJournal.FileName), target.PathOf(Repairs.RepairJournal.FileName), -1));
        }

        foreach (var name in fileSystem.ListFiles(source.BlobDirectory).Where(n => !StoreLayout.IsTemp(n)))
        {
            files.Add((Path.Combine(source.BlobDirectory, name), Path.Combine(target.BlobDirectory, name), -1));
        }

        var total = 0L;
        for (var i = 0; i < files.Count; i++)
        {
            if (files[i].Length < 0)
            {
                using var file = fileSystem.Open(files[i].From, StoreFileMode.OpenRead);
                files[i] = files[i] with { Length = file.Length };
            }

            total += files[i].Length;
        }

        var done = 0L;
        var buffer = new byte[ChunkSize];
        foreach (var (from, to, length) in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var input = fileSystem.Open(from, StoreFileMode.OpenRead);
            using var output = fileSystem.Open(to, StoreFileMode.CreateNew);
            for (long offset = 0; offset < length;)
            {
                var chunk = (int)Math.Min(ChunkSize, length - offset);
                var read = input.Read(offset, buffer.AsSpan(0, chunk));
                if (read == 0)
                {
                    throw new IOException($"'{from}' ended at {offset} bytes while copying {length}.");
                }

                output.Write(offset, buffer.AsSpan(0, read));
                offset += read;
                done += read;
                progress?.Report(new StoreProgress(StorePhase.Copying, done, total, 0));
            }

            output.Sync();
        }

        fileSystem.SyncDirectory(target.BlobDirectory);
        fileSystem.SyncDirectory(destination);
        progress?.Report(new StoreProgress(StorePhase.Copying, done, total, 0));
    }
}

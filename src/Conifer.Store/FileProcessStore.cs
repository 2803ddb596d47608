using System.Buffers.Binary;
using Conifer.Store.Blobs;
using Conifer.Store.Exceptions;
using Conifer.Store.Format;
using Conifer.Store.IO;
using Conifer.Store.Log;
using Conifer.Store.Metrics;
using Conifer.Store.Repairs;
using Conifer.Store.Tools;

namespace Conifer.Store;

/// <summary>
/// The embedded process store: a directory holding a segmented, checksummed, chained log, snapshot files and
/// content-addressed blobs, owned by one process at a time (docs/store-format.md).
/// </summary>
public sealed class FileProcessStore : IOwnedProcessStore
{
    private readonly IStoreFileSystem _fileSystem;
    private readonly StoreLayout _layout;
    private readonly IDisposable _lock;
    private readonly LogWriter _log;
    private readonly BlobFiles _blobs;
    private readonly StoreMetrics _metrics;

    // Snapshot writes, truncates and copies take turns: a copy must not see a truncate delete the files it copies,
    // and two snapshots must not race for the same file names.
    private readonly SemaphoreSlim _maintenance = new(1, 1);
    private SnapshotInfo? _latestSnapshot;
    private long _latestSnapshotWrittenAtTicks;
    private int _disposed;

    private FileProcessStore(IStoreFileSystem fileSystem, StoreLayout layout, IDisposable storeLock, LogWriter log, StoreMetrics metrics, RecoveryResult recovery)
    {
        _fileSystem = fileSystem;
        _layout = layout;
        _lock = storeLock;
        _log = log;
        _metrics = metrics;
        _blobs = new BlobFiles(fileSystem, layout);
        Recovery = recovery;
        _latestSnapshot = recovery.Snapshot?.Info;
        if (recovery.Snapshot is { } snapshot && fileSystem.LastWriteTime(layout.PathOf(StoreLayout.SnapshotName(snapshot.CoversThroughSequence))) is { } written)
        {
            _latestSnapshotWrittenAtTicks = written.UtcTicks;
        }
    }

    /// <summary>The name of the meter the store's instruments are on (group-commit batch size, sync duration).</summary>
    public const string MeterName = "Conifer.Store";

    /// <summary>What the open found: the snapshot to restore, the records to replay, a cut tail.</summary>
    public RecoveryResult Recovery { get; }

    /// <summary>The store directory.</summary>
    public string Directory => _layout.Directory;

    /// <inheritdoc/>
    public string Location => _layout.Directory;

    /// <inheritdoc/>
    public IReportShelf Reports => new Reports.FolderReportShelf(_layout.Directory);

    /// <inheritdoc/>
    public string CompiledCacheDirectory => Path.Combine(_layout.Directory, "compiled");

    /// <summary>Always null: a folder is owned through its lock, not an epoch.</summary>
    public long? Epoch => null;

    /// <summary>Never completes: a folder's lock is held until the store is disposed.</summary>
    public Task<string> WriterLost { get; } = new TaskCompletionSource<string>().Task;

    /// <inheritdoc/>
    public long LastSequence => _log.LastSequence;

    /// <inheritdoc/>
    public long DurableSequence => _log.DurableSequence;

    /// <inheritdoc/>
    public SnapshotInfo? LatestSnapshot => Volatile.Read(ref _latestSnapshot);

    /// <inheritdoc/>
    public bool IsFailed => _log.Failure is not null;

    /// <summary>
    /// When <see cref="LatestSnapshot"/> was written: by this process, or (after an open) the file's last write time;
    /// null without a snapshot or when the file system cannot tell.
    /// </summary>
    public DateTimeOffset? LatestSnapshotWrittenAt =>
        Volatile.Read(ref _latestSnapshotWrittenAtTicks) is var ticks and not 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>
    /// Opens (or creates) the store in <paramref name="directory"/> for writing: takes the lock, checks the whole
    /// log, cuts a torn tail, picks the snapshot to start from. Read <see cref="Recovery"/> to restore the state.
    /// </summary>
    /// <exception cref="StoreLockedException">Another live process owns the store.</exception>
    /// <exception cref="StoreNotWritableException">The folder cannot be written (a read-only mount, no permission).</exception>
    /// <exception cref="StoreDataLossException">The log ends before the high-water mark: acknowledged records are lost (nothing was changed).</exception>
    /// <exception cref="StoreCorruptException">Stored bytes are damaged where recovery cannot cut them off.</exception>
    /// <exception cref="StoreFormatVersionException">A file was written by a newer format version.</exception>
    public static FileProcessStore Open(string directory, StoreOptions? options = null, IProgress<StoreProgress>? progress = null)
    {
        options ??= StoreOptions.Default;
        options.Validate();
        var fileSystem = options.FileSystem;
        var layout = new StoreLayout(Path.GetFullPath(directory));
        fileSystem.CreateDirectory(layout.Directory);
        var storeLock = fileSystem.TryLock(layout.LockPath, out var owner) ?? throw new StoreLockedException(layout.Directory, owner);
        IStoreFile? lastFile = null;
        StoreMetrics? metrics = null;
        try
        {
            DeleteTemporaryFiles(fileSystem, layout);
            var log = LogRecovery.Run(fileSystem, layout, options, progress);
            var highWater = ReadHighWater(fileSystem, layout, options);
            var lost = highWater is { } mark && mark > log.LastSequence ? mark - log.LastSequence : 0;
            if (lost > 0 && !options.AcceptDataLoss)
            {
                // Checked before anything is cut: a refused open leaves every byte as it found it, so that the
                // store can still be copied, inspected or restored by hand.
                throw new StoreDataLossException(layout.Directory, highWater!.Value, log.LastSequence, log.TailRepair);
            }

            var repairs = new List<StoreRepair>();
            var now = DateTimeOffset.UtcNow;
            if (log.TailRepair is { } tail)
            {
                log.TailRepair = LogRecovery.Cut(fileSystem, layout, tail);
            }

            if (lost > 0)
            {
                var cutTail = log.TailRepair;
                repairs.Add(new StoreRepair(
                    now,
                    StoreRepairKind.DataLossAccepted,
                    cutTail?.File ?? (log.Segments.Count > 0 ? log.Segments[^1].Name : HighWaterMark.FileName),
                    cutTail?.Offset ?? (log.Segments.Count > 0 ? log.Segments[^1].DurableLength : 0),
                    cutTail?.BytesCut ?? 0,
                    lost,
                    log.LastSequence,
                    $"the high-water mark said records through {highWater} were durable; the loss was accepted explicitly"));
            }
            else if (log.TailRepair is { } cut)
            {
                repairs.Add(new StoreRepair(now, StoreRepairKind.TornTailCut, cut.File, cut.Offset, cut.BytesCut, cut.RecordsCut, cut.LastValidSequence, cut.Reason));
            }

            if (log.Segments.Count == 0)
            {
                if (fileSystem.ListFiles(layout.Directory).Any(n => StoreLayout.TryParseSnapshot(n, out _)))
                {
                    throw new StoreCorruptException(layout.Directory, 0, null, "the store holds snapshots but no log segment");
                }

                log.Segments.Add(CreateFirstSegment(fileSystem, layout));
            }

            var (snapshot, skipped) = SnapshotSelection.Choose(fileSystem, layout, log, progress);
            repairs.AddRange(skipped.Select(s => new StoreRepair(now, StoreRepairKind.SnapshotSkipped, s.Name, 0, 0, 0, log.LastSequence, s.Description)));
            fileSystem.CreateDirectory(layout.BlobDirectory);
            if (lost > 0)
            {
                // The accepted end is the new truth: lower the mark to it, or the next open would refuse again.
                HighWaterMark.Write(fileSystem, layout, log.LastSequence);
            }

            TryJournal(fileSystem, layout, repairs);
            var recovery = CreateRecovery(fileSystem, layout, log, snapshot, skipped, highWater, repairs);
            lastFile = fileSystem.Open(layout.PathOf(log.Segments[^1].Name), StoreFileMode.OpenReadWrite);
            metrics = new StoreMetrics(layout.Directory);
            metrics.Repaired(repairs);
            var writer = new LogWriter(fileSystem, layout, options, log.Segments, lastFile, log.LastSequence, log.LastHash, metrics);
            return new FileProcessStore(fileSystem, layout, storeLock, writer, metrics, recovery);
        }
        catch
        {
            metrics?.Dispose();
            lastFile?.Dispose();
            storeLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads a store without taking its lock or changing any file, for tools that inspect a store a server owns
    /// (<c>migrate test --process-store</c>, <c>state export</c>). A torn tail is reported, not cut. If the owner
    /// truncates while the records are read, reading may fail with an <see cref="IOException"/>.
    /// </summary>
    /// <param name="directory">The store directory.</param>
    /// <param name="options">Limits and the file system; <see cref="StoreOptions.Default"/> when null.</param>
    /// <param name="progress">Receives the bytes checked.</param>
    /// <param name="start">Whether to start from the newest snapshot (a restart) or the oldest (a full replay).</param>
    public static RecoveryResult OpenReadOnly(string directory, StoreOptions? options = null, IProgress<StoreProgress>? progress = null, RecoveryStart start = RecoveryStart.NewestSnapshot)
    {
        options ??= StoreOptions.Default;
        var fileSystem = options.FileSystem;
        var layout = new StoreLayout(Path.GetFullPath(directory));
        if (!fileSystem.DirectoryExists(layout.Directory))
        {
            throw new DirectoryNotFoundException($"There is no process store at '{layout.Directory}'.");
        }

        var log = LogRecovery.Run(fileSystem, layout, options, progress);
        var highWater = ReadHighWater(fileSystem, layout, options);
        var (snapshot, skipped) = SnapshotSelection.Choose(fileSystem, layout, log, progress, start);
        var now = DateTimeOffset.UtcNow;
        var repairs = new List<StoreRepair>();
        if (log.TailRepair is { } tail)
        {
            repairs.Add(new StoreRepair(now, StoreRepairKind.TornTailCut, tail.File, tail.Offset, tail.BytesCut, tail.RecordsCut, tail.LastValidSequence, tail.Reason));
        }

        repairs.AddRange(skipped.Select(s => new StoreRepair(now, StoreRepairKind.SnapshotSkipped, s.Name, 0, 0, 0, log.LastSequence, s.Description)));
        return CreateRecovery(fileSystem, layout, log, snapshot, skipped, highWater, repairs);
    }

    /// <inheritdoc/>
    public ValueTask<long> AppendAsync(RecordKind kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        RecordKinds.CheckAppendable(kind);
        return _log.AppendAsync(kind, payload.Span, cancellationToken);
    }

    /// <inheritdoc/>
    public long Append(RecordKind kind, ReadOnlyMemory<byte> payload)
    {
        RecordKinds.CheckAppendable(kind);
        return _log.Append(kind, payload.Span);
    }

    /// <inheritdoc/>
    public Task WaitDurableAsync(long sequence) => _log.WaitDurableAsync(sequence);

    /// <inheritdoc/>
    public async Task<SnapshotInfo> WriteSnapshotAsync(long coversThroughSequence, Func<Stream, CancellationToken, Task> writeState, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writeState);
        ThrowIfFailed();
        if (coversThroughSequence < 0 || coversThroughSequence > LastSequence)
        {
            throw new ArgumentOutOfRangeException(nameof(coversThroughSequence), coversThroughSequence, $"A snapshot can cover at most the last appended sequence ({LastSequence}).");
        }

        await _maintenance.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (LatestSnapshot is { } latest && latest.CoversThroughSequence >= coversThroughSequence)
            {
                return latest;
            }

            var tempPath = _layout.PathOf(StoreLayout.SnapshotTempName(coversThroughSequence));
            var finalPath = _layout.PathOf(StoreLayout.SnapshotName(coversThroughSequence));
            long length;
            ulong hash;
            _fileSystem.Delete(tempPath);
            try
            {
                using var file = _fileSystem.Open(tempPath, StoreFileMode.CreateNew);
                using var stream = new SnapshotWriteStream(file, coversThroughSequence);
                await writeState(stream, cancellationToken).ConfigureAwait(false);
                (length, hash) = stream.Finish();
                // Synced before the rename: otherwise a crash could leave the final name pointing at blocks that
                // were never written, and recovery would find a snapshot with a valid name and garbage inside.
                file.Sync();
            }
            catch
            {
                // Before the rename nothing refers to the temp file; the older snapshots stay as they were.
                TryDelete(tempPath);
                throw;
            }

            // The snapshot must not claim records the log could still lose: wait until it covers only durable ones.
            await _log.WaitDurableAsync(coversThroughSequence).ConfigureAwait(false);
            try
            {
                _fileSystem.Rename(tempPath, finalPath);
                // The directory is synced after the rename so that the rename itself survives before the log refers
                // to the snapshot; a reference to a name a reboot forgot would send recovery to an older snapshot.
                _fileSystem.SyncDirectory(_layout.Directory);
            }
            catch (Exception e)
            {
                // A failed rename or directory sync leaves the directory's durable state unknown: fail the store.
                _log.Fail(e);
                throw new StoreFailedException("Putting a snapshot in place failed; the store takes no more writes.", e);
            }

            var reference = SnapshotReference.Encode(coversThroughSequence, length, hash);
            // Only once this record is durable does recovery use the snapshot; a crash before leaves an unreferenced
            // file that recovery ignores.
            var referenceSequence = await _log.AppendAsync(RecordKind.SnapshotReference, reference, CancellationToken.None).ConfigureAwait(false);
            TryWriteHighWater(referenceSequence);
            var info = new SnapshotInfo(coversThroughSequence, referenceSequence, length, hash);
            Volatile.Write(ref _latestSnapshotWrittenAtTicks, DateTimeOffset.UtcNow.UtcTicks);
            Volatile.Write(ref _latestSnapshot, info);
            return info;
        }
        finally
        {
            _maintenance.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<BlobId> PutBlobAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        return await Task.Run(
            () =>
            {
                var (id, temp) = _blobs.WriteTemp(content.Span);
                if (temp is null)
                {
                    return id;
                }

                try
                {
                    _blobs.Publish(id, temp);
                    return id;
                }
                catch (IOException e)
                {
                    _log.Fail(e);
                    throw new StoreFailedException("Putting a blob in place failed; the store takes no more writes.", e);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<ReadOnlyMemory<byte>?> TryGetBlobAsync(BlobId id, CancellationToken cancellationToken = default) =>
        Task.Run(() => _blobs.TryGet(id), cancellationToken);

    /// <inheritdoc/>
    public async Task<T> ReadDurableRecordsAsync<T>(long fromSequence, Func<IEnumerable<LogRecord>, T> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        // Holding the maintenance turn keeps a truncate from deleting a segment while it is read.
        await _maintenance.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The durable sequence is taken before the segment lengths: those can only have grown since, so every
            // record up to it is inside the lengths read.
            var last = _log.DurableSequence;
            var segments = _log.DurableSegments();
            return await Task.Run(() => read(RecordReader.Read(_fileSystem, _layout, segments, fromSequence, last)), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _maintenance.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<TruncateResult> TruncateAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        await _maintenance.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (LatestSnapshot is not { } snapshot)
            {
                return new TruncateResult(null, 0, 0, 0, 0);
            }

            var payload = new byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(payload, snapshot.CoversThroughSequence);
            // The truncate is logged (and durable) before any file goes, so the history says why it is shorter.
            var truncateSequence = await _log.AppendAsync(RecordKind.Truncate, payload, CancellationToken.None).ConfigureAwait(false);
            try
            {
                return DeleteBefore(snapshot, truncateSequence);
            }
            catch (IOException e)
            {
                _log.Fail(e);
                throw new StoreFailedException("Deleting truncated files failed; the store takes no more writes.", e);
            }
        }
        finally
        {
            _maintenance.Release();
        }
    }

    /// <inheritdoc/>
    public async Task CopyToAsync(string destinationDirectory, IProgress<StoreProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await _maintenance.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var segments = _log.DurableSegments();
            await Task.Run(() => StoreCopy.Copy(_fileSystem, _layout, segments, Path.GetFullPath(destinationDirectory), progress, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _maintenance.Release();
        }
    }

    /// <summary>Writes out every append already taken, then releases the files and the lock.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _maintenance.WaitAsync().ConfigureAwait(false);
        _log.Dispose();
        // A clean close marks everything it made durable: a later open that finds the log shorter than this knows
        // acknowledged records were lost, where a torn last batch could not explain it. An open that appended
        // nothing leaves the folder as it found it (a refused import or a read of the store changes no file).
        if (_log.DurableSequence > Recovery.LastSequence)
        {
            TryWriteHighWater(_log.DurableSequence);
        }
        _metrics.Dispose();
        _lock.Dispose();
        _maintenance.Dispose();
    }

    private static void DeleteTemporaryFiles(IStoreFileSystem fileSystem, StoreLayout layout)
    {
        foreach (var name in fileSystem.ListFiles(layout.Directory).Where(StoreLayout.IsTemp))
        {
            fileSystem.Delete(layout.PathOf(name));
        }

        foreach (var name in fileSystem.ListFiles(layout.BlobDirectory).Where(StoreLayout.IsTemp))
        {
            fileSystem.Delete(Path.Combine(layout.BlobDirectory, name));
        }
    }

    private static SegmentEntry CreateFirstSegment(IStoreFileSystem fileSystem, StoreLayout layout)
    {
        var name = StoreLayout.SegmentName(1);
        var path = layout.PathOf(name);
        fileSystem.Delete(path);
        using var file = fileSystem.Open(path, StoreFileMode.CreateNew);
        Span<byte> header = stackalloc byte[SegmentHeader.Size];
        SegmentHeader.Write(header, 1, 0);
        file.Write(0, header);
        // Header and name durable before the first record, as for every new segment (see LogWriter).
        file.Sync();
        fileSystem.SyncDirectory(layout.Directory);
        return new SegmentEntry(name, 1, SegmentHeader.Size);
    }

    private static long? ReadHighWater(IStoreFileSystem fileSystem, StoreLayout layout, StoreOptions options)
    {
        var problem = HighWaterMark.TryRead(fileSystem, layout, out var mark);
        if (problem is null || options.AcceptDataLoss)
        {
            return mark;
        }

        throw new StoreCorruptException(
            HighWaterMark.FileName,
            0,
            null,
            $"{problem} (the mark guards against lost acknowledged records; if the log itself is sound, 'conifer store repair DIR --accept-data-loss' writes a new one)");
    }

    private static void TryJournal(IStoreFileSystem fileSystem, StoreLayout layout, List<StoreRepair> repairs)
    {
        try
        {
            RepairJournal.Append(fileSystem, layout, repairs);
        }
        catch (IOException)
        {
            // The journal is informational: a full disk must not stop the open that repaired the store. The
            // repairs still reach the caller (RecoveryResult.Repairs), which logs them and shows them in status.
        }
    }

    private static RecoveryResult CreateRecovery(IStoreFileSystem fileSystem, StoreLayout layout, RecoveredLog log, RecoveredSnapshot? snapshot, List<(string Name, string Description)> skipped, long? highWater, List<StoreRepair> repairs)
    {
        var segments = log.Segments.Select(s => (s.Name, s.FirstSequence, s.DurableLength)).ToList();
        var first = snapshot is null ? log.FirstRetainedSequence : snapshot.CoversThroughSequence + 1;
        var last = log.LastSequence;
        var references = log.SnapshotReferences.Values.OrderBy(r => r.CoversThroughSequence).ToList();
        return new RecoveryResult(snapshot, log.FirstRetainedSequence, last, log.TailRepair, [.. skipped.Select(s => s.Description)], references, highWater, repairs, () => RecordReader.Read(fileSystem, layout, segments, first, last), info => OpenSnapshot(fileSystem, layout, info));
    }

    private static RecoveredSnapshot? OpenSnapshot(IStoreFileSystem fileSystem, StoreLayout layout, SnapshotInfo info)
    {
        var name = StoreLayout.SnapshotName(info.CoversThroughSequence);
        var path = layout.PathOf(name);
        if (!fileSystem.FileExists(path))
        {
            return null;
        }

        var problem = SnapshotFile.Check(fileSystem, path, info.CoversThroughSequence, info.Length, info.StateHash, out _);
        return problem is null ? new RecoveredSnapshot(fileSystem, path, info) : throw new StoreCorruptException(name, 0, null, problem);
    }

    private TruncateResult DeleteBefore(SnapshotInfo snapshot, long truncateSequence)
    {
        var detached = _log.DetachSegmentsBefore(snapshot.CoversThroughSequence + 1);
        long freed = 0;
        // Oldest first: a crash halfway leaves a log that still starts at a segment boundary and chains from there.
        foreach (var segment in detached)
        {
            freed += segment.DurableLength;
            _fileSystem.Delete(_layout.PathOf(segment.Name));
        }

        var snapshotsDeleted = 0;
        foreach (var name in _fileSystem.ListFiles(_layout.Directory))
        {
            if (StoreLayout.TryParseSnapshot(name, out var covers) && covers < snapshot.CoversThroughSequence)
            {
                var path = _layout.PathOf(name);
                using (var file = _fileSystem.Open(path, StoreFileMode.OpenRead))
                {
                    freed += file.Length;
                }

                _fileSystem.Delete(path);
                snapshotsDeleted++;
            }
        }

        _fileSystem.SyncDirectory(_layout.Directory);
        return new TruncateResult(snapshot, truncateSequence, detached.Count, snapshotsDeleted, freed);
    }

    private void ThrowIfFailed()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_log.Failure is { } failure)
        {
            throw new StoreFailedException(failure);
        }
    }

    /// <summary>
    /// Raises the high-water mark to <paramref name="durableSequence"/> (which must be durable). Best effort: the mark
    /// only detects loss, so a full disk that stops it must not fail the snapshot or the close; the older mark stays a
    /// true lower bound.
    /// </summary>
    private void TryWriteHighWater(long durableSequence)
    {
        try
        {
            HighWaterMark.Write(_fileSystem, _layout, durableSequence);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(_layout.PathOf(HighWaterMark.FileName + ".tmp"));
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            _fileSystem.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp file is deleted by the next open.
        }
    }
}

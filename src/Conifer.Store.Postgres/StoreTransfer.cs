using System.Text.Json;
using Conifer.Store.Blobs;
using Conifer.Store.Exceptions;
using Conifer.Store.Format;
using Conifer.Store.IO;
using Conifer.Store.Locations;
using Conifer.Store.Log;
using Conifer.Store.Reports;
using Npgsql;
using NpgsqlTypes;

namespace Conifer.Store.Postgres;

/// <summary>
/// Moves a whole store between a folder and a database. Records travel as the frames they are — checksums, batch
/// indexes and the hash chain unchanged — so a copy verifies exactly as its source does.
/// </summary>
internal static class StoreTransfer
{
    private const long SegmentBytes = 64L * 1024 * 1024;

    /// <summary>Writes the store <paramref name="log"/> holds, through <paramref name="head"/>, into an empty or missing folder.</summary>
    public static async Task DatabaseToFolderAsync(PostgresLog log, PostgresLog.Head head, string destination, IProgress<StoreProgress>? progress, CancellationToken cancellationToken)
    {
        var fileSystem = PhysicalFileSystem.Instance;
        if (Directory.Exists(destination) && Directory.EnumerateFileSystemEntries(destination).Any())
        {
            throw new IOException($"The destination folder '{destination}' is not empty; a store is copied only into an empty or new folder.");
        }

        Directory.CreateDirectory(destination);
        var layout = new StoreLayout(destination);
        var total = Math.Max(0, head.HeadSequence - head.FirstSequence + 1);
        await Task.Run(
            () =>
            {
                IStoreFile? segment = null;
                long offset = 0;
                long done = 0;
                try
                {
                    foreach (var (sequence, frame) in log.ReadFrames(head.FirstSequence, head.HeadSequence))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var parsed = RecordFrame.ReadTrusted(frame);
                        // A new segment starts only at a batch's first record, so every segment holds whole batches.
                        if (segment is null || (offset >= SegmentBytes && parsed.IndexInBatch == 0))
                        {
                            segment?.Sync();
                            segment?.Dispose();
                            segment = fileSystem.Open(layout.PathOf(StoreLayout.SegmentName(sequence)), StoreFileMode.CreateNew);
                            var header = new byte[SegmentHeader.Size];
                            SegmentHeader.Write(header, sequence, parsed.PreviousHash);
                            segment.Write(0, header);
                            offset = SegmentHeader.Size;
                        }

                        segment.Write(offset, frame);
                        offset += frame.Length;
                        if (++done % 4096 == 0)
                        {
                            progress?.Report(new StoreProgress(StorePhase.Copying, done, total, done));
                        }
                    }

                    if (segment is null)
                    {
                        segment = fileSystem.Open(layout.PathOf(StoreLayout.SegmentName(head.HeadSequence + 1)), StoreFileMode.CreateNew);
                        var header = new byte[SegmentHeader.Size];
                        SegmentHeader.Write(header, head.HeadSequence + 1, head.HeadSequence == 0 ? 0 : head.HeadHash);
                        segment.Write(0, header);
                    }

                    segment.Sync();
                }
                finally
                {
                    segment?.Dispose();
                }

                progress?.Report(new StoreProgress(StorePhase.Copying, done, total, done));
            },
            cancellationToken).ConfigureAwait(false);

        var scan = await Task.Run(() => log.Scan(head with { HeadHash = head.HeadHash }, null), cancellationToken).ConfigureAwait(false);
        foreach (var reference in scan.References)
        {
            if (log.CheckSnapshot(reference, out var blob) is null)
            {
                using var file = fileSystem.Open(layout.PathOf(StoreLayout.SnapshotName(reference.CoversThroughSequence)), StoreFileMode.CreateNew);
                using (var stream = new SnapshotWriteStream(file, reference.CoversThroughSequence))
                {
                    await using var state = log.OpenBlob(blob!);
                    await state.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
                    stream.Finish();
                }

                file.Sync();
            }
        }

        fileSystem.CreateDirectory(layout.BlobDirectory);
        var blobs = new BlobFiles(fileSystem, layout);
        foreach (var (id, _) in log.ListBlobs())
        {
            if (BlobId.TryParse(id, out var blobId) && await log.TryGetBlobAsync(blobId, cancellationToken).ConfigureAwait(false) is { } content)
            {
                var (_, temp) = blobs.WriteTemp(content.Span);
                if (temp is not null)
                {
                    blobs.Publish(blobId, temp);
                }
            }
        }

        var shelf = new FolderReportShelf(destination);
        foreach (var json in new PostgresReportShelf(log.DataSource, log.App).All())
        {
            if (ReportId(json) is { } id)
            {
                shelf.Save(id, json);
            }
        }

        if (head.HeadSequence > 0)
        {
            HighWaterMark.Write(fileSystem, layout, head.HeadSequence);
        }

        fileSystem.SyncDirectory(destination);
    }

    /// <summary>Copies the folder store <paramref name="source"/> into an app the database does not hold yet.</summary>
    public static async Task FolderToDatabaseAsync(string source, DatabaseLocation destination, IProgress<StoreProgress>? progress, CancellationToken cancellationToken)
    {
        var fileSystem = PhysicalFileSystem.Instance;
        var layout = new StoreLayout(Path.GetFullPath(source));
        if (!Directory.Exists(layout.Directory))
        {
            throw new StoreNotFoundException(layout.Directory, "the folder does not exist");
        }

        // The source's lock: nothing writes it while it is copied.
        using var sourceLock = fileSystem.TryLock(layout.LockPath, out var owner) ?? throw new StoreLockedException(layout.Directory, owner);
        var recovered = LogRecovery.Run(fileSystem, layout, StoreOptions.Default, null);
        if (recovered.TailRepair is { } tail)
        {
            throw new StoreCorruptException(tail.File, tail.Offset, tail.LastValidSequence + 1, $"the source has a torn tail ({tail.Reason}); open it once (or run 'conifer store repair') before copying");
        }

        var recovery = FileProcessStore.OpenReadOnly(layout.Directory);
        await using var dataSource = PostgresConnections.Create(destination, "copy");
        await PostgresSchema.EnsureAsync(dataSource, destination.Display, create: true, cancellationToken).ConfigureAwait(false);
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var exists = new NpgsqlCommand("SELECT head_seq FROM conifer.heads WHERE app = $1", connection);
            exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = destination.App });
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long present)
            {
                throw new IOException($"The database already holds the app '{destination.App}' (its log reaches record {present}); a store is copied only into an app the database does not hold yet. Pick another ?app= name, or delete that app first.");
            }
        }

        // Blobs and snapshots first: nothing names them until the records and the head row land, in one transaction.
        foreach (var file in fileSystem.ListFiles(layout.BlobDirectory))
        {
            if (BlobId.TryParse(file, out var id) && new BlobFiles(fileSystem, layout).TryGet(id) is { } content)
            {
                await PostgresBlobWriter.PutAsync(dataSource, destination.App, content, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var reference in recovery.SnapshotReferences)
        {
            if (recovery.OpenSnapshot(reference) is { } snapshot)
            {
                var upload = new PostgresBlobWriter.ChunkedUpload(dataSource, destination.App);
                await using (upload.ConfigureAwait(false))
                {
                    await using (var state = snapshot.OpenState())
                    {
                        await state.CopyToAsync(upload, cancellationToken).ConfigureAwait(false);
                    }

                    var (length, hash, blob) = await upload.PublishAsync(cancellationToken).ConfigureAwait(false);
                    await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                    await using var insert = new NpgsqlCommand("INSERT INTO conifer.snapshots (app, covers_seq, length, state_hash, blob) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING", connection);
                    insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = destination.App });
                    insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = reference.CoversThroughSequence });
                    insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = length });
                    insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = unchecked((long)hash) });
                    insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = blob });
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        var shelf = new PostgresReportShelf(dataSource, destination.App);
        foreach (var json in new FolderReportShelf(layout.Directory).All())
        {
            if (ReportId(json) is { } id)
            {
                shelf.Save(id, json);
            }
        }

        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            var total = Math.Max(0, recovered.LastSequence - recovered.FirstRetainedSequence + 1);
            long done = 0;
            var committedAt = DateTime.UtcNow;
            await using (var importer = await connection.BeginBinaryImportAsync("COPY conifer.records (app, seq, epoch, kind, frame, committed_at) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
            {
                foreach (var (sequence, kind, frame) in ReadFolderFrames(fileSystem, layout, recovered))
                {
                    await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(destination.App, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(sequence, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(0L, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync((short)kind, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(frame, NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(committedAt, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                    if (++done % 4096 == 0)
                    {
                        progress?.Report(new StoreProgress(StorePhase.Copying, done, total, done));
                    }
                }

                await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
                progress?.Report(new StoreProgress(StorePhase.Copying, done, total, done));
            }

            await using var head = new NpgsqlCommand("INSERT INTO conifer.heads (app, epoch, first_seq, head_seq, head_hash, head_at) VALUES ($1, 0, $2, $3, $4, now())", connection);
            head.Parameters.Add(new NpgsqlParameter<string> { TypedValue = destination.App });
            head.Parameters.Add(new NpgsqlParameter<long> { TypedValue = recovered.FirstRetainedSequence });
            head.Parameters.Add(new NpgsqlParameter<long> { TypedValue = recovered.LastSequence });
            head.Parameters.Add(new NpgsqlParameter<long> { TypedValue = unchecked((long)recovered.LastHash) });
            await head.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static IEnumerable<(long Sequence, RecordKind Kind, byte[] Frame)> ReadFolderFrames(IStoreFileSystem fileSystem, StoreLayout layout, RecoveredLog log)
    {
        foreach (var segment in log.Segments)
        {
            var bytes = LogRecovery.ReadAll(fileSystem, layout.PathOf(segment.Name));
            var offset = SegmentHeader.Size;
            while (offset < segment.DurableLength)
            {
                var frame = RecordFrame.ReadTrusted(bytes.AsSpan(offset));
                yield return (frame.Sequence, frame.Kind, bytes.AsSpan(offset, frame.Size).ToArray());
                offset += frame.Size;
            }
        }
    }

    internal static string? ReportId(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && FolderReportShelf.IsId(id.GetString()!) ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

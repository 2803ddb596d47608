using Conifer.Store.Exceptions;
using Conifer.Store.Locations;
using Conifer.Store.Tools;
using Npgsql;

namespace Conifer.Store.Postgres;

/// <summary>Offline tools over a PostgreSQL store and between stores: verify, copy.</summary>
public static class PostgresStoreTools
{
    /// <summary>
    /// Walks every record's checksum and chain link, every referenced snapshot and every blob (read only, no lease). A
    /// database has no torn tail: a batch is committed whole or not at all.
    /// </summary>
    public static async Task<VerifyReport> VerifyAsync(DatabaseLocation location, IBlobReferences? blobReferences = null, IProgress<StoreProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var dataSource = PostgresConnections.Create(location, "verify");
        await PostgresSchema.EnsureAsync(dataSource, location.Display, create: false, cancellationToken).ConfigureAwait(false);
        var log = new PostgresLog(dataSource, location.App, location.Display);
        var head = await log.ReadHeadAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new StoreNotFoundException(location.Display, $"the database holds no app named '{location.App}' (add ?app=NAME to the URI)");
        return await Task.Run(() => Verify(log, head, blobReferences, progress), cancellationToken).ConfigureAwait(false);
    }

    private static VerifyReport Verify(PostgresLog log, PostgresLog.Head head, IBlobReferences? blobReferences, IProgress<StoreProgress>? progress)
    {
        var problems = new List<StoreProblem>();
        var leftovers = new List<string>();
        const string Records = "conifer.records";
        PostgresLog.ScanResult? scan = null;
        try
        {
            scan = log.Scan(head, progress);
        }
        catch (StoreCorruptException e)
        {
            problems.Add(new StoreProblem(Records, -1, e.RecordSequence, e.Problem));
        }

        var snapshots = 0;
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reference in scan?.References ?? [])
        {
            var problem = log.CheckSnapshot(reference, out var blob);
            if (problem is null)
            {
                snapshots++;
                if (blobReferences is not null)
                {
                    try
                    {
                        using var state = log.OpenBlob(blob!);
                        named.UnionWith(blobReferences.InSnapshot(reference.CoversThroughSequence, state));
                    }
                    catch (InvalidDataException e)
                    {
                        problems.Add(new StoreProblem("conifer.snapshots", -1, reference.CoversThroughSequence, $"the snapshot's state does not decode: {e.Message}"));
                    }
                }
            }
            else if (problem.Length > 0)
            {
                problems.Add(new StoreProblem("conifer.snapshots", -1, reference.CoversThroughSequence, problem));
            }
        }

        if (scan is not null && blobReferences is not null)
        {
            foreach (var record in log.ReadRecords(head.FirstSequence, head.HeadSequence))
            {
                try
                {
                    named.UnionWith(blobReferences.InRecord(record.Kind, record.Sequence, record.Payload));
                }
                catch (InvalidDataException e)
                {
                    problems.Add(new StoreProblem(Records, -1, record.Sequence, $"the {record.Kind} payload does not decode: {e.Message}"));
                }
            }
        }

        var blobs = 0;
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, _) in log.ListBlobs())
        {
            present.Add(id);
            try
            {
                using var stream = log.OpenBlob(id);
                stream.CopyTo(Stream.Null);
                blobs++;
            }
            catch (StoreCorruptException e)
            {
                problems.Add(new StoreProblem($"conifer.blobs {id}", 0, null, e.Problem));
            }
        }

        foreach (var missing in named.Where(n => !present.Contains(n)).Order(StringComparer.Ordinal))
        {
            problems.Add(new StoreProblem($"conifer.blobs {missing}", 0, null, "a record or snapshot names this blob, but the database does not hold it"));
        }

        using (var connection = log.DataSource.OpenConnection())
        using (var command = new NpgsqlCommand("SELECT DISTINCT id FROM conifer.blob_chunks WHERE app = $1 AND id LIKE 'upload-%'", connection))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = log.App });
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                leftovers.Add($"conifer.blob_chunks {reader.GetString(0)} (an interrupted snapshot upload; the next writer's open removes it)");
            }
        }

        return new VerifyReport(problems, 0, scan?.Records ?? 0, snapshots, blobs, null, leftovers, blobReferences is null ? null : named.Count);
    }

    /// <summary>
    /// Copies a whole store between a folder and PostgreSQL, either way (or between two databases): records with their
    /// checksums and chain as they are, snapshots, blobs and deploy reports; then verifies the copy. The destination
    /// must be empty (a missing or empty folder, an app the database does not hold yet). The source must not be
    /// written meanwhile (a folder: its lock is taken; a database: copy from a stopped app or a backup).
    /// </summary>
    /// <returns>What verifying the copy found.</returns>
    public static async Task<VerifyReport> CopyAsync(StoreLocation source, StoreLocation destination, IProgress<StoreProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        switch (source, destination)
        {
            case (FolderLocation from, DatabaseLocation to):
                await StoreTransfer.FolderToDatabaseAsync(from.Directory, to, progress, cancellationToken).ConfigureAwait(false);
                return await VerifyAsync(to, null, null, cancellationToken).ConfigureAwait(false);
            case (DatabaseLocation from, FolderLocation to):
                await CopyOutAsync(from, to.Directory, progress, cancellationToken).ConfigureAwait(false);
                return StoreTools.Verify(to.Directory);
            case (DatabaseLocation from, DatabaseLocation to):
                var staging = Path.Combine(Path.GetTempPath(), $"conifer-copy-{Guid.NewGuid():N}");
                try
                {
                    await CopyOutAsync(from, staging, progress, cancellationToken).ConfigureAwait(false);
                    await StoreTransfer.FolderToDatabaseAsync(staging, to, progress, cancellationToken).ConfigureAwait(false);
                    return await VerifyAsync(to, null, null, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    if (Directory.Exists(staging))
                    {
                        Directory.Delete(staging, recursive: true);
                    }
                }

            default:
                throw new ArgumentException("Neither side is a database: copy between folders with StoreTools.CopyAsync.", nameof(destination));
        }
    }

    private static async Task CopyOutAsync(DatabaseLocation from, string destination, IProgress<StoreProgress>? progress, CancellationToken cancellationToken)
    {
        await using var dataSource = PostgresConnections.Create(from, "copy");
        await PostgresSchema.EnsureAsync(dataSource, from.Display, create: false, cancellationToken).ConfigureAwait(false);
        var log = new PostgresLog(dataSource, from.App, from.Display);
        var head = await log.ReadHeadAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new StoreNotFoundException(from.Display, $"the database holds no app named '{from.App}' (add ?app=NAME to the URI)");
        await StoreTransfer.DatabaseToFolderAsync(log, head, Path.GetFullPath(destination), progress, cancellationToken).ConfigureAwait(false);
    }
}

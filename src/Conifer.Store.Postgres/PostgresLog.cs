using System.Buffers.Binary;
using Conifer.Store.Exceptions;
using Conifer.Store.Format;
using Conifer.Store.Log;
using Npgsql;
using NpgsqlTypes;

namespace Conifer.Store.Postgres;

/// <summary>Reads a store's records, snapshots and blobs back out of the database, checking what it reads.</summary>
internal sealed class PostgresLog(NpgsqlDataSource dataSource, string app, string location)
{
    private const int MaxRecordBytes = 64 * 1024 * 1024;

    public string App => app;

    public string Location => location;

    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>The head row: where the log starts and ends, its last hash, the writer's epoch and lease.</summary>
    public async Task<Head?> ReadHeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadHeadAsync(connection, app, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<Head?> ReadHeadAsync(NpgsqlConnection connection, string app, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT epoch, first_seq, head_seq, head_hash, holder, public_url, lease_until IS NOT NULL AND lease_until >= now(),
                   coalesce(extract(epoch FROM (clock_timestamp() - head_at)) * 1000, 0)::float8
              FROM conifer.heads WHERE app = $1
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = app });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new Head(
            reader.GetInt64(0),
            reader.GetInt64(1),
            reader.GetInt64(2),
            unchecked((ulong)reader.GetInt64(3)),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.GetBoolean(6),
            reader.GetDouble(7));
    }

    /// <summary>
    /// Walks every record from the first retained one to the head: each frame's checksum, the sequence without gaps,
    /// every chain link, and that the last one is the head the head row names. Collects the snapshot references.
    /// </summary>
    /// <exception cref="StoreCorruptException">A record fails a check.</exception>
    public ScanResult Scan(Head head, IProgress<StoreProgress>? progress)
    {
        var references = new SortedDictionary<long, SnapshotInfo>();
        long expected = head.FirstSequence;
        ulong? previous = null;
        long count = 0;
        long bytes = 0;
        var total = Math.Max(0, head.HeadSequence - head.FirstSequence + 1);
        foreach (var (sequence, frame) in ReadFrames(head.FirstSequence, head.HeadSequence))
        {
            var status = RecordFrame.Check(frame, MaxRecordBytes, out var parsed);
            if (status != FrameStatus.Valid)
            {
                throw Corrupt(sequence, $"the record's frame is not valid ({status})", parsed.StoredHash, parsed.ActualHash);
            }

            if (parsed.Sequence != sequence || sequence != expected)
            {
                throw Corrupt(sequence, $"the record's frame says sequence {parsed.Sequence}; the log expected {expected} here");
            }

            if (previous is { } link && parsed.PreviousHash != link)
            {
                throw Corrupt(sequence, "the chain is broken: the record does not name the hash of the record before it", link, parsed.PreviousHash);
            }

            if (parsed.Kind == RecordKind.SnapshotReference && SnapshotReference.TryDecode(frame.AsSpan(RecordFrame.HeaderSize, parsed.PayloadLength), sequence, out var info))
            {
                references[info.CoversThroughSequence] = info;
            }

            previous = parsed.ActualHash;
            expected++;
            count++;
            bytes += frame.Length;
            if (count % 4096 == 0)
            {
                progress?.Report(new StoreProgress(StorePhase.ScanningLog, count, total, count));
            }
        }

        if (expected - 1 != head.HeadSequence)
        {
            throw Corrupt(expected, $"the head row says the log ends at record {head.HeadSequence}, but the records end at {expected - 1}");
        }

        if (previous is { } last && last != head.HeadHash)
        {
            throw Corrupt(head.HeadSequence, "the last record's hash is not the one the head row names", head.HeadHash, last);
        }

        progress?.Report(new StoreProgress(StorePhase.ScanningLog, count, total, count));
        return new ScanResult(count, bytes, [.. references.Values]);
    }

    /// <summary>The frames of records <paramref name="from"/>..<paramref name="to"/>, in order, read in pages (each frame its own array).</summary>
    public IEnumerable<(long Sequence, byte[] Frame)> ReadFrames(long from, long to)
    {
        const int Page = 2048;
        var next = from;
        while (next <= to)
        {
            var page = new List<(long, byte[])>(Page);
            using (var connection = dataSource.OpenConnection())
            using (var command = new NpgsqlCommand("SELECT seq, frame FROM conifer.records WHERE app = $1 AND seq >= $2 AND seq <= $3 ORDER BY seq LIMIT $4", connection))
            {
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = app });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = next });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = to });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Page });
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    page.Add((reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)));
                }
            }

            if (page.Count == 0)
            {
                yield break;
            }

            foreach (var row in page)
            {
                yield return row;
            }

            next = page[^1].Item1 + 1;
        }
    }

    /// <summary>The records from <paramref name="from"/> to <paramref name="to"/> as the runtime reads them (frames already checked).</summary>
    public IEnumerable<LogRecord> ReadRecords(long from, long to)
    {
        foreach (var (sequence, frame) in ReadFrames(from, to))
        {
            yield return ToRecord(sequence, frame);
        }
    }

    public static LogRecord ToRecord(long sequence, byte[] frame)
    {
        var parsed = RecordFrame.ReadTrusted(frame);
        return new LogRecord(sequence, parsed.Kind, frame.AsMemory(RecordFrame.HeaderSize, parsed.PayloadLength));
    }

    /// <summary>
    /// The newest snapshot among <paramref name="references"/> whose state is in the database and hashes right; the
    /// ones that fail their checks are skipped (named in <paramref name="skipped"/>). With <paramref name="oldest"/>, the oldest usable one instead.
    /// </summary>
    public RecoveredSnapshot? Choose(IReadOnlyList<SnapshotInfo> references, bool oldest, List<(string Name, string Description)> skipped)
    {
        var order = oldest ? references : references.Reverse();
        foreach (var reference in order)
        {
            var problem = CheckSnapshot(reference, out var blob);
            if (problem is null)
            {
                return new RecoveredSnapshot(reference, () => OpenBlob(blob!));
            }

            if (problem.Length > 0)
            {
                skipped.Add(($"snapshot {reference.CoversThroughSequence}", $"snapshot covering record {reference.CoversThroughSequence}: {problem}"));
            }
        }

        return null;
    }

    /// <summary>Null when the snapshot is sound, "" when it is gone (a truncate dropped it), else what is wrong.</summary>
    public string? CheckSnapshot(SnapshotInfo reference, out string? blob)
    {
        blob = null;
        using var connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand("SELECT length, state_hash, blob FROM conifer.snapshots WHERE app = $1 AND covers_seq = $2", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = app });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = reference.CoversThroughSequence });
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
            {
                return "";
            }

            if (reader.GetInt64(0) != reference.Length || unchecked((ulong)reader.GetInt64(1)) != reference.StateHash)
            {
                return "its row does not match the reference record (length or hash)";
            }

            blob = reader.GetString(2);
        }

        var hash = new System.IO.Hashing.XxHash3();
        long length = 0;
        try
        {
            using var stream = OpenBlob(blob);
            var buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                hash.Append(buffer.AsSpan(0, read));
                length += read;
            }
        }
        catch (StoreCorruptException e)
        {
            return e.Problem;
        }

        if (length != reference.Length || hash.GetCurrentHashAsUInt64() != reference.StateHash)
        {
            return $"its state is {length} bytes with XXH3 {hash.GetCurrentHashAsUInt64():x16}; the reference says {reference.Length} bytes with {reference.StateHash:x16}";
        }

        return null;
    }

    /// <summary>Streams a blob's chunks in order (SHA-256 checked at the end).</summary>
    public Stream OpenBlob(string id) => new BlobReadStream(dataSource, app, id);

    public async Task<ReadOnlyMemory<byte>?> TryGetBlobAsync(BlobId id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT bytes FROM conifer.blob_chunks WHERE app = $1 AND id = $2 AND EXISTS (SELECT 1 FROM conifer.blobs b WHERE b.app = $1 AND b.id = $2) ORDER BY chunk", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = app });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id.Hex });
        using var buffer = new MemoryStream();
        var any = false;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                any = true;
                var bytes = await reader.GetFieldValueAsync<byte[]>(0, cancellationToken).ConfigureAwait(false);
                buffer.Write(bytes);
            }
        }

        if (!any && !await BlobExistsAsync(connection, id.Hex, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var content = buffer.ToArray();
        var actual = BlobId.Of(content);
        return actual == id
            ? content
            : throw new StoreCorruptException($"blob {id.Hex}", 0, null, $"the blob's bytes hash to SHA-256 {actual.Hex}, not to its name");
    }

    private async Task<bool> BlobExistsAsync(NpgsqlConnection connection, string id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT 1 FROM conifer.blobs WHERE app = $1 AND id = $2", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = app });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>The blob ids the store holds.</summary>
    public IReadOnlyList<(string Id, long Length)> ListBlobs()
    {
        using var connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand("SELECT id, length FROM conifer.blobs WHERE app = $1 ORDER BY id", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = app });
        using var reader = command.ExecuteReader();
        var blobs = new List<(string, long)>();
        while (reader.Read())
        {
            blobs.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return blobs;
    }

    public RecoveryResult Recovery(Head head, ScanResult scan, bool oldest, List<Repairs.StoreRepair> repairs)
    {
        var skipped = new List<(string Name, string Description)>();
        var snapshot = oldest && head.FirstSequence == 1 ? null : Choose(scan.References, oldest, skipped);
        var now = DateTimeOffset.UtcNow;
        repairs.AddRange(skipped.Select(s => new Repairs.StoreRepair(now, Repairs.StoreRepairKind.SnapshotSkipped, s.Name, 0, 0, 0, head.HeadSequence, s.Description)));
        var first = snapshot is null ? head.FirstSequence : snapshot.CoversThroughSequence + 1;
        var last = head.HeadSequence;
        return new RecoveryResult(
            snapshot,
            head.FirstSequence,
            last,
            null,
            [.. skipped.Select(s => s.Description)],
            scan.References,
            null,
            repairs,
            () => ReadRecords(first, last),
            info => CheckSnapshot(info, out var blob) switch
            {
                null => new RecoveredSnapshot(info, () => OpenBlob(blob!)),
                "" => null,
                var problem => throw new StoreCorruptException($"snapshot {info.CoversThroughSequence}", 0, null, problem),
            });
    }

    private StoreCorruptException Corrupt(long sequence, string problem, ulong? expected = null, ulong? actual = null) =>
        new($"{location} (app {app}, table conifer.records)", 0, sequence, problem, expected, actual);

    internal static ulong ReadTruncatePayload(ReadOnlySpan<byte> payload) => BinaryPrimitives.ReadUInt64LittleEndian(payload);

    /// <summary>The head row of one app.</summary>
    public sealed record Head(long Epoch, long FirstSequence, long HeadSequence, ulong HeadHash, string? Holder, string? PublicUrl, bool LeaseValid, double MillisSinceHead);

    /// <summary>What a scan of the whole log found.</summary>
    public sealed record ScanResult(long Records, long Bytes, IReadOnlyList<SnapshotInfo> References);

    private sealed class BlobReadStream(NpgsqlDataSource dataSource, string app, string id) : Stream
    {
        private readonly System.Security.Cryptography.IncrementalHash _sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        private byte[] _chunk = [];
        private int _offset;
        private int _next;
        private int _chunks = -1;
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            while (_offset == _chunk.Length)
            {
                if (!NextChunk())
                {
                    return 0;
                }
            }

            var n = Math.Min(buffer.Length, _chunk.Length - _offset);
            _chunk.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            _position += n;
            return n;
        }

        private bool NextChunk()
        {
            using var connection = dataSource.OpenConnection();
            if (_chunks < 0)
            {
                using var count = new NpgsqlCommand("SELECT chunks FROM conifer.blobs WHERE app = $1 AND id = $2", connection);
                count.Parameters.Add(new NpgsqlParameter<string> { TypedValue = app });
                count.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
                _chunks = count.ExecuteScalar() is int chunks ? chunks : throw new StoreCorruptException($"blob {id}", 0, null, "the blob is missing");
            }

            if (_next >= _chunks)
            {
                var actual = Convert.ToHexStringLower(_sha.GetHashAndReset());
                if (actual != id)
                {
                    throw new StoreCorruptException($"blob {id}", 0, null, $"the blob's bytes hash to SHA-256 {actual}, not to its name");
                }

                _chunks = -2;
                return false;
            }

            if (_chunks == -2)
            {
                return false;
            }

            using var command = new NpgsqlCommand("SELECT bytes FROM conifer.blob_chunks WHERE app = $1 AND id = $2 AND chunk = $3", connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = app });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _next });
            _chunk = command.ExecuteScalar() as byte[] ?? throw new StoreCorruptException($"blob {id}", 0, null, $"chunk {_next} of {_chunks} is missing");
            _sha.AppendData(_chunk);
            _offset = 0;
            _next++;
            return true;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _sha.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

using Npgsql;
using NpgsqlTypes;

namespace Conifer.Store.Postgres;

/// <summary>
/// Writes blobs into the database in 1 MiB chunks, content-addressed by SHA-256: the chunks go in under a provisional
/// name and are renamed to the hash, with the <c>conifer.blobs</c> row that makes the blob visible, in one transaction.
/// A blob is therefore either wholly there or not at all, and equal bytes are kept once.
/// </summary>
internal static class PostgresBlobWriter
{
    public const int ChunkBytes = 1024 * 1024;

    public static async Task<BlobId> PutAsync(NpgsqlDataSource dataSource, string app, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var id = BlobId.Of(content.Span);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (await ExistsAsync(connection, app, id.Hex, cancellationToken).ConfigureAwait(false))
        {
            return id;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var chunks = 0;
        for (var offset = 0; offset < content.Length || chunks == 0; offset += ChunkBytes)
        {
            var slice = content.Slice(offset, Math.Min(ChunkBytes, content.Length - offset));
            await InsertChunkAsync(connection, app, id.Hex, chunks++, slice, cancellationToken).ConfigureAwait(false);
            if (content.Length == 0)
            {
                break;
            }
        }

        // A concurrent put of the same bytes may have won: then this transaction's chunks conflict and it rolls back.
        await using var publish = new NpgsqlCommand("INSERT INTO conifer.blobs (app, id, length, chunks) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING", connection);
        publish.Parameters.Add(new NpgsqlParameter<string> { TypedValue = app });
        publish.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id.Hex });
        publish.Parameters.Add(new NpgsqlParameter<long> { TypedValue = content.Length });
        publish.Parameters.Add(new NpgsqlParameter<int> { TypedValue = chunks });
        await publish.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Another writer stored the same bytes first: they are there.
        }

        return id;
    }

    public static async Task<bool> ExistsAsync(NpgsqlConnection connection, string app, string id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT 1 FROM conifer.blobs WHERE app = $1 AND id = $2", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = app });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    public static async Task InsertChunkAsync(NpgsqlConnection connection, string app, string id, int chunk, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("INSERT INTO conifer.blob_chunks (app, id, chunk, bytes) VALUES ($1, $2, $3, $4)", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = app });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = chunk });
        command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = bytes, NpgsqlDbType = NpgsqlDbType.Bytea });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A stream that writes a snapshot's state into chunks under a provisional name as it is written, hashing it
    /// (XXH3-64 for the snapshot reference, SHA-256 for the blob name); <see cref="PublishAsync"/> names it.
    /// </summary>
    public sealed class ChunkedUpload(NpgsqlDataSource dataSource, string app) : Stream
    {
        private readonly string _provisional = "upload-" + Guid.NewGuid().ToString("N");
        private readonly System.IO.Hashing.XxHash3 _xxh = new();
        private readonly System.Security.Cryptography.IncrementalHash _sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        private readonly byte[] _buffer = new byte[ChunkBytes];
        private int _filled;
        private int _chunks;
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _xxh.Append(buffer.Span);
            _sha.AppendData(buffer.Span);
            _length += buffer.Length;
            while (buffer.Length > 0)
            {
                var n = Math.Min(buffer.Length, _buffer.Length - _filled);
                buffer.Span[..n].CopyTo(_buffer.AsSpan(_filled));
                _filled += n;
                buffer = buffer[n..];
                if (_filled == _buffer.Length)
                {
                    await FlushChunkAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private async Task FlushChunkAsync(CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await InsertChunkAsync(connection, app, _provisional, _chunks++, _buffer.AsMemory(0, _filled), cancellationToken).ConfigureAwait(false);
            _filled = 0;
        }

        /// <summary>Names the uploaded bytes by their SHA-256 (or drops them when that blob exists) and returns length, XXH3 and blob id.</summary>
        public async Task<(long Length, ulong StateHash, string Blob)> PublishAsync(CancellationToken cancellationToken)
        {
            if (_filled > 0 || _chunks == 0)
            {
                await FlushChunkAsync(cancellationToken).ConfigureAwait(false);
            }

            var id = Convert.ToHexStringLower(_sha.GetHashAndReset());
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(
                """
                WITH published AS (
                    INSERT INTO conifer.blobs (app, id, length, chunks) VALUES ($1, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id)
                UPDATE conifer.blob_chunks SET id = $3 WHERE app = $1 AND id = $2 AND EXISTS (SELECT 1 FROM published)
                """,
                connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = app });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _provisional });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = _length });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _chunks });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await using var cleanup = new NpgsqlCommand("DELETE FROM conifer.blob_chunks WHERE app = $1 AND id = $2", connection);
            cleanup.Parameters.Add(new NpgsqlParameter<string> { TypedValue = app });
            cleanup.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _provisional });
            await cleanup.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return (_length, _xxh.GetCurrentHashAsUInt64(), id);
        }

        /// <summary>Drops the chunks of an upload that will not be published.</summary>
        public async Task AbandonAsync()
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
                await using var cleanup = new NpgsqlCommand("DELETE FROM conifer.blob_chunks WHERE app = $1 AND id = $2", connection);
                cleanup.Parameters.Add(new NpgsqlParameter<string> { TypedValue = app });
                cleanup.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _provisional });
                await cleanup.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // Provisional chunks are never read; the next open of a writer sweeps them.
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

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

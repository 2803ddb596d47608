using System.Threading.Channels;
using Npgsql;

namespace Conifer.Benchmarks.Store;

/// <summary>
/// The simplest group commit over raw Npgsql: concurrent appends go into a channel; one loop takes whatever is
/// waiting, up to <c>maxBatch</c> rows, and writes them in one transaction; each append completes when its
/// transaction has committed. The floor a PostgreSQL-backed process store is measured against.
/// </summary>
internal sealed class NpgsqlGroupCommitBatcher : IAsyncDisposable
{
    private readonly Channel<PendingRow> _pending = Channel.CreateUnbounded<PendingRow>(new UnboundedChannelOptions { SingleReader = true });
    private readonly NpgsqlConnection _connection;
    private readonly string _app;
    private readonly int _maxBatch;
    private readonly Task _loop;
    private long _nextSeq;

    private NpgsqlGroupCommitBatcher(NpgsqlConnection connection, string app, int maxBatch)
    {
        _connection = connection;
        _app = app;
        _maxBatch = maxBatch;
        _loop = Task.Run(CommitLoopAsync);
    }

    public static async Task<NpgsqlGroupCommitBatcher> StartAsync(NpgsqlDataSource dataSource, string app, int maxBatch)
    {
        var connection = await dataSource.OpenConnectionAsync();
        return new NpgsqlGroupCommitBatcher(connection, app, maxBatch);
    }

    /// <summary>Completes once the row is committed (fsynced by PostgreSQL); faults if its transaction failed.</summary>
    public Task AppendAsync(short kind, byte[] frame)
    {
        var row = new PendingRow(kind, frame, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.Writer.TryWrite(row))
        {
            throw new ObjectDisposedException(nameof(NpgsqlGroupCommitBatcher));
        }
        return row.Committed.Task;
    }

    /// <summary>
    /// Inserts rows <paramref name="firstSeq"/>.. of <paramref name="app"/> in one transaction: one INSERT over
    /// unnest'ed arrays (one round trip for the rows), then COMMIT.
    /// </summary>
    public static async Task InsertBatchAsync(NpgsqlConnection connection, string app, long firstSeq, short[] kinds, byte[][] frames)
    {
        var seqs = new long[kinds.Length];
        for (var i = 0; i < seqs.Length; i++)
        {
            seqs[i] = firstSeq + i;
        }
        await using var transaction = await connection.BeginTransactionAsync();
        await using var insert = new NpgsqlCommand(
            "INSERT INTO log (app, seq, kind, frame) SELECT @app, r.seq, r.kind, r.frame FROM unnest(@seqs, @kinds, @frames) AS r(seq, kind, frame)",
            connection,
            transaction);
        insert.Parameters.AddWithValue("app", app);
        insert.Parameters.AddWithValue("seqs", seqs);
        insert.Parameters.AddWithValue("kinds", kinds);
        insert.Parameters.AddWithValue("frames", frames);
        await insert.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _loop;
        await _connection.DisposeAsync();
    }

    private async Task CommitLoopAsync()
    {
        var batch = new List<PendingRow>(_maxBatch);
        while (await _pending.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _pending.Reader.TryRead(out var row))
            {
                batch.Add(row);
            }
            try
            {
                await InsertBatchAsync(_connection, _app, _nextSeq, batch.Select(r => r.Kind).ToArray(), batch.Select(r => r.Frame).ToArray());
                _nextSeq += batch.Count;
                foreach (var row in batch)
                {
                    row.Committed.TrySetResult();
                }
            }
            catch (Exception e)
            {
                foreach (var row in batch)
                {
                    row.Committed.TrySetException(e);
                }
            }
        }
    }

    private sealed record PendingRow(short Kind, byte[] Frame, TaskCompletionSource Committed);
}

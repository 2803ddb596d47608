using System.Diagnostics;
using Conifer.Store.Exceptions;
using Conifer.Store.Format;
using Npgsql;
using NpgsqlTypes;

namespace Conifer.Store.Postgres;

/// <summary>The group commit: records taken into batches, one epoch-checked transaction each.</summary>
public sealed partial class PostgresProcessStore
{
    /// <inheritdoc/>
    public async ValueTask<long> AppendAsync(RecordKind kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RecordKinds.CheckAppendable(kind);
        var sequence = Take(kind, payload.Span);
        await WaitDurableAsync(sequence).ConfigureAwait(false);
        return sequence;
    }

    /// <inheritdoc/>
    public long Append(RecordKind kind, ReadOnlyMemory<byte> payload)
    {
        RecordKinds.CheckAppendable(kind);
        return Take(kind, payload.Span);
    }

    private long Take(RecordKind kind, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[RecordFrame.Overhead + payload.Length];
        bool wake;
        long sequence;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            if (_failure is { } failure)
            {
                throw failure as StoreFencedException ?? new StoreFailedException(failure);
            }

            if (_filling.Count >= MaxBatchRecords || (_filling.Count > 0 && _filling.Bytes + frame.Length > MaxBatchBytes))
            {
                _ready.Enqueue(_filling);
                _filling = new PendingBatch(_lastSequence + 1);
            }

            sequence = ++_lastSequence;
            _lastHash = RecordFrame.Write(frame, kind, _filling.Count, sequence, _lastHash, payload);
            _filling.Add(sequence, kind, frame, _lastHash);
            wake = _committerIdle;
            _committerIdle = false;
        }

        if (wake)
        {
            _work.Release();
        }

        return sequence;
    }

    /// <inheritdoc/>
    public Task WaitDurableAsync(long sequence)
    {
        if (sequence <= Volatile.Read(ref _durableSequence))
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            if (sequence <= _durableSequence)
            {
                return Task.CompletedTask;
            }

            if (_inFlight is { } flying && flying.Contains(sequence))
            {
                return flying.Done.Task;
            }

            foreach (var batch in _ready)
            {
                if (batch.Contains(sequence))
                {
                    return batch.Done.Task;
                }
            }

            if (_filling.Contains(sequence))
            {
                return _filling.Done.Task;
            }

            return _failure is { } failure
                ? Task.FromException(failure as StoreFailedException ?? new StoreFailedException(failure))
                : throw new ArgumentOutOfRangeException(nameof(sequence), sequence, $"No record {sequence} was appended (the last is {_lastSequence}).");
        }
    }

    private async Task CommitLoopAsync()
    {
        NpgsqlConnection? connection = null;
        NpgsqlCommand? command = null;
        try
        {
            while (true)
            {
                PendingBatch? batch;
                WaitForArrivals();
                lock (_gate)
                {
                    if (_failure is not null)
                    {
                        return;
                    }

                    batch = _ready.Count > 0 ? _ready.Dequeue() : _filling.Count > 0 ? Swap() : null;
                    _inFlight = batch;
                    if (batch is null)
                    {
                        if (_disposed != 0)
                        {
                            return;
                        }

                        _committerIdle = true;
                    }
                }

                if (batch is null)
                {
                    await _work.WaitAsync().ConfigureAwait(false);
                    continue;
                }

                var started = Stopwatch.GetTimestamp();
                try
                {
                    if (connection is null)
                    {
                        connection = await _dataSource.OpenConnectionAsync(_stop.Token).ConfigureAwait(false);
                        command = CreateAppendCommand(connection);
                        await command.PrepareAsync(_stop.Token).ConfigureAwait(false);
                    }

                    Fill(command!, batch);
                    await command!.ExecuteNonQueryAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (PostgresException e) when (e.SqlState == PostgresSchema.FencedState)
                {
                    LoseWriter($"a newer writer took over the store ({e.MessageText})", e, batch);
                    return;
                }
                catch (Exception e) when (PostgresConnections.IsConnectionLoss(e))
                {
                    // The COMMIT may or may not have happened: never acknowledged, never retried blindly. Read the head
                    // on a fresh connection to say which, then fail the store: the process reopens from what is there.
                    var decided = _stop.IsCancellationRequested
                        ? "the store was closed while the batch committed; the next open reads what is there"
                        : await DecideAsync(batch).ConfigureAwait(false);
                    Fail(new AppendOutcomeUnknownException(batch.First, batch.Last, new IOException($"{e.Message}; {decided}", e)), batch);
                    return;
                }
                catch (Exception e)
                {
                    Fail(new StoreFailedException($"Records {batch.First}..{batch.Last} were not written: {e.Message}. The store takes no more writes; reopen it.", e), batch);
                    return;
                }

                _metrics.BatchDurable(batch.Count, started, Stopwatch.GetTimestamp());
                _lastBatchCount = batch.Count;
                lock (_gate)
                {
                    _inFlight = null;
                    Volatile.Write(ref _durableSequence, batch.Last);
                }

                batch.Done.TrySetResult();
            }
        }
        finally
        {
            if (command is not null)
            {
                await command.DisposeAsync().ConfigureAwait(false);
            }

            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Before a commit, waits a moment (at most <see cref="s_arrivalTicks"/>) for the appenders the last commit released
    /// to append again: each waits for its record, then appends its next, so without this wait batches alternate
    /// between one record and all the others, and the round trips per record double.
    /// </summary>
    private void WaitForArrivals()
    {
        var wanted = _lastBatchCount;
        if (wanted <= 1)
        {
            return;
        }

        var until = Stopwatch.GetTimestamp() + s_arrivalTicks;
        var spinner = default(SpinWait);
        while (Stopwatch.GetTimestamp() < until)
        {
            lock (_gate)
            {
                if (_ready.Count > 0 || _filling.Count >= wanted || _failure is not null || _disposed != 0)
                {
                    return;
                }
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    private PendingBatch Swap()
    {
        var batch = _filling;
        _filling = new PendingBatch(_lastSequence + 1);
        return batch;
    }

    private NpgsqlCommand CreateAppendCommand(NpgsqlConnection connection)
    {
        var command = new NpgsqlCommand("SELECT conifer.append_batch($1, $2, $3, $4, $5, $6, $7, $8, $9)", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _location.App });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Epoch!.Value });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = _fencing });
        command.Parameters.Add(new NpgsqlParameter<long>());
        command.Parameters.Add(new NpgsqlParameter<long>());
        command.Parameters.Add(new NpgsqlParameter<long>());
        command.Parameters.Add(new NpgsqlParameter<long[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<short[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        return command;
    }

    private static void Fill(NpgsqlCommand command, PendingBatch batch)
    {
        ((NpgsqlParameter<long>)command.Parameters[3]).TypedValue = batch.First - 1;
        ((NpgsqlParameter<long>)command.Parameters[4]).TypedValue = batch.Last;
        ((NpgsqlParameter<long>)command.Parameters[5]).TypedValue = unchecked((long)batch.LastHash);
        ((NpgsqlParameter<long[]>)command.Parameters[6]).TypedValue = [.. batch.Sequences];
        ((NpgsqlParameter<short[]>)command.Parameters[7]).TypedValue = [.. batch.Kinds];
        ((NpgsqlParameter<byte[][]>)command.Parameters[8]).TypedValue = [.. batch.Frames];
    }

    /// <summary>After a lost COMMIT: reads the head on a fresh connection and says whether the batch is in the log.</summary>
    private async Task<string> DecideAsync(PendingBatch batch)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await using var connection = await _dataSource.OpenConnectionAsync(timeout.Token).ConfigureAwait(false);
                var head = await PostgresLog.ReadHeadAsync(connection, _location.App, timeout.Token).ConfigureAwait(false);
                if (head is null)
                {
                    return "the head row is gone";
                }

                if (head.Epoch != Epoch)
                {
                    return $"a newer writer (epoch {head.Epoch}) holds the store now";
                }

                return head.HeadSequence >= batch.Last
                    ? $"read back after reconnecting: the batch was committed (the head is at {head.HeadSequence}); the reopen will find it"
                    : $"read back after reconnecting: the batch was not committed (the head is at {head.HeadSequence}); its requests were answered 503 and may be retried";
            }
            catch (Exception e) when (PostgresConnections.IsConnectionLoss(e))
            {
                await Task.Delay(200).ConfigureAwait(false);
            }
        }

        return "the database could not be reached to read the head back; the reopen decides";
    }

    private void Fail(Exception failure, PendingBatch? batch)
    {
        List<PendingBatch> pending;
        lock (_gate)
        {
            if (_failure is not null)
            {
                return;
            }

            _failure = failure;
            pending = [.. _ready, _filling];
            if (_inFlight is { } flying)
            {
                pending.Insert(0, flying);
            }

            if (batch is not null && !pending.Contains(batch))
            {
                pending.Insert(0, batch);
            }

            _ready.Clear();
            _inFlight = null;
        }

        foreach (var waiting in pending)
        {
            waiting.Done.TrySetException(failure is AppendOutcomeUnknownException or StoreFencedException ? failure : new AppendOutcomeUnknownException(waiting.First, Math.Max(waiting.First, waiting.Last), failure));
        }
    }

    /// <summary>Records taken into one transaction.</summary>
    private sealed class PendingBatch(long first)
    {
        public long First { get; } = first;

        public long Last => First + Count - 1;

        public int Count => Sequences.Count;

        public int Bytes { get; private set; }

        public ulong LastHash { get; private set; }

        public List<long> Sequences { get; } = [];

        public List<short> Kinds { get; } = [];

        public List<byte[]> Frames { get; } = [];

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Contains(long sequence) => sequence >= First && sequence <= Last;

        public void Add(long sequence, RecordKind kind, byte[] frame, ulong hash)
        {
            Sequences.Add(sequence);
            Kinds.Add((short)kind);
            Frames.Add(frame);
            Bytes += frame.Length;
            LastHash = hash;
        }
    }
}

using System.Diagnostics;
using Conifer.Store.Exceptions;
using Conifer.Store.Format;
using Conifer.Store.IO;
using Conifer.Store.Metrics;

namespace Conifer.Store.Log;

/// <summary>
/// The group-commit writer: appenders encode their records into the filling batch under a lock; one writer thread
/// takes a whole batch, writes it with one write and makes it durable with one sync, then completes every append
/// in it. While a batch syncs, the next one fills (pipelining), but it is written only after the sync returned:
/// at most one batch is ever unsynced on disk, which is what lets recovery tell a torn tail from corruption.
/// </summary>
internal sealed class LogWriter : IDisposable
{
    private static readonly long s_spinTicks = Stopwatch.Frequency / 6_666; // 150 µs
    private static readonly long s_arrivalGapTicks = Stopwatch.Frequency / 25_000; // 40 µs

    private readonly object _gate = new();
    private readonly IStoreFileSystem _fileSystem;
    private readonly StoreLayout _layout;
    private readonly StoreOptions _options;
    private readonly Queue<Batch> _ready = new();
    private readonly Stack<Batch> _freeBatches = new();
    private readonly AppendWaiterPool _waiters = new();
    private readonly List<SegmentEntry> _segments;
    private readonly Thread _thread;
    private readonly StoreMetrics? _metrics;
    private Batch _filling;
    private Batch? _inFlight;
    private long _lastSequence;
    private ulong _lastHash;
    private long _durableSequence;
    private Exception? _failure;
    private bool _stopping;
    private bool _writerWaiting;

    // Records in the last synced batch: how many appenders a sync is likely to release (writer thread only).
    private int _lastBatchCount = 1;

    // Owned by the writer thread.
    private IStoreFile _file;
    private SegmentEntry _segment;
    private long _offset;

    public LogWriter(IStoreFileSystem fileSystem, StoreLayout layout, StoreOptions options, List<SegmentEntry> segments, IStoreFile lastFile, long lastSequence, ulong lastHash, StoreMetrics? metrics = null)
    {
        _metrics = metrics;
        _fileSystem = fileSystem;
        _layout = layout;
        _options = options;
        _segments = segments;
        _segment = segments[^1];
        _file = lastFile;
        _offset = _segment.DurableLength;
        _lastSequence = lastSequence;
        _durableSequence = lastSequence;
        _lastHash = lastHash;
        _filling = NewBatch();
        _thread = new Thread(Run) { IsBackground = true, Name = "Conifer store writer" };
        _thread.Start();
    }

    public long LastSequence => Volatile.Read(ref _lastSequence);

    public long DurableSequence => Volatile.Read(ref _durableSequence);

    public Exception? Failure => Volatile.Read(ref _failure);

    public ValueTask<long> AppendAsync(RecordKind kind, ReadOnlySpan<byte> payload, CancellationToken cancellationToken)
    {
        CheckSize(payload);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<long>(cancellationToken);
        }

        var waiter = _waiters.Rent();
        if (Take(kind, payload, waiter, out _) is { } refused)
        {
            _waiters.Return(waiter);
            return ValueTask.FromException<long>(refused);
        }

        return waiter.AsValueTask();
    }

    /// <summary>Takes a record without a waiter and returns its sequence; <see cref="WaitDurableAsync"/> tells when it is durable.</summary>
    public long Append(RecordKind kind, ReadOnlySpan<byte> payload)
    {
        CheckSize(payload);
        if (Take(kind, payload, waiter: null, out var sequence) is { } refused)
        {
            throw refused;
        }

        return sequence;
    }

    private void CheckSize(ReadOnlySpan<byte> payload)
    {
        if (payload.Length > _options.MaxRecordBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), payload.Length, $"A record may hold at most {_options.MaxRecordBytes} bytes ({nameof(StoreOptions)}.{nameof(StoreOptions.MaxRecordBytes)}).");
        }
    }

    /// <summary>Frames the record into the filling batch; the exception that refuses it, or null when taken.</summary>
    private Exception? Take(RecordKind kind, ReadOnlySpan<byte> payload, AppendWaiter? waiter, out long sequence)
    {
        sequence = 0;
        lock (_gate)
        {
            if (_failure is { } failure)
            {
                return new StoreFailedException(failure);
            }

            if (_stopping)
            {
                return new ObjectDisposedException(nameof(FileProcessStore));
            }

            var frameSize = RecordFrame.Overhead + payload.Length;
            if (_filling.Count > 0 && (_filling.Count >= _options.MaxBatchRecords || _filling.Length + frameSize > _options.MaxBatchBytes))
            {
                _ready.Enqueue(_filling);
                _filling = NewBatch();
            }

            var batch = _filling;
            if (batch.Count == 0)
            {
                batch.FirstSequence = _lastSequence + 1;
                batch.PreviousHash = _lastHash;
            }

            if (batch.Buffer.Length - batch.Length < frameSize)
            {
                var grown = new byte[Math.Max(batch.Buffer.Length * 2, batch.Length + frameSize)];
                batch.Buffer.AsSpan(0, batch.Length).CopyTo(grown);
                batch.Buffer = grown;
            }

            sequence = _lastSequence + 1;
            // The chain hash is computed here, in sequence order under the lock, so each frame names its predecessor.
            _lastHash = RecordFrame.Write(batch.Buffer.AsSpan(batch.Length), kind, batch.Count, sequence, _lastHash, payload);
            Volatile.Write(ref _lastSequence, sequence);
            batch.Length += frameSize;
            batch.Count++;
            batch.LastSequence = sequence;
            if (waiter is not null)
            {
                waiter.Sequence = sequence;
                batch.Waiters.Add(waiter);
            }

            if (_writerWaiting)
            {
                Monitor.Pulse(_gate);
            }
        }

        return null;
    }

    /// <summary>Completes once every record up to <paramref name="sequence"/> is durable; throws if the store failed first.</summary>
    public Task WaitDurableAsync(long sequence)
    {
        lock (_gate)
        {
            if (Volatile.Read(ref _durableSequence) >= sequence)
            {
                return Task.CompletedTask;
            }

            if (_failure is { } failure)
            {
                return Task.FromException(new StoreFailedException(failure));
            }

            // Batches complete in order: the first batch that reaches the target sequence is the one to wait for.
            // The writer publishes the durable sequence before it takes this lock to complete a batch, so a signal
            // created here is either seen by the writer or not needed (checked above).
            var batch = _inFlight is { } inFlight && inFlight.LastSequence >= sequence ? inFlight
                : _ready.FirstOrDefault(b => b.LastSequence >= sequence) ?? _filling;
            batch.DurableSignal ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return batch.DurableSignal.Task;
        }
    }

    /// <summary>The segments and their durable lengths right now (for copy).</summary>
    public IReadOnlyList<(string Name, long FirstSequence, long Length)> DurableSegments()
    {
        lock (_segments)
        {
            return [.. _segments.Select(s => (s.Name, s.FirstSequence, s.DurableLength))];
        }
    }

    /// <summary>Forgets and returns the segments whose records all come before <paramref name="firstKept"/>; never the current one.</summary>
    public IReadOnlyList<SegmentEntry> DetachSegmentsBefore(long firstKept)
    {
        lock (_segments)
        {
            var count = 0;
            while (count + 1 < _segments.Count && _segments[count + 1].FirstSequence <= firstKept)
            {
                count++;
            }

            var detached = _segments.GetRange(0, count);
            _segments.RemoveRange(0, count);
            return detached;
        }
    }

    public long FirstRetainedSequence()
    {
        lock (_segments)
        {
            return _segments[0].FirstSequence;
        }
    }

    /// <summary>Marks the store failed from outside the writer (a failed rename or directory sync).</summary>
    public void Fail(Exception cause)
    {
        lock (_gate)
        {
            _failure ??= cause;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.Pulse(_gate);
        }

        // The writer drains every batch already taken before it exits, so a clean dispose loses no append.
        _thread.Join();
        _file.Dispose();
    }

    private Batch NewBatch() => _freeBatches.TryPop(out var batch) ? batch : new Batch(new byte[64 * 1024]);

    private void Run()
    {
        while (true)
        {
            Batch batch;
            long syncStarted;
            long syncEnded;
            SpinForNextAppend();
            lock (_gate)
            {
                while (_ready.Count == 0 && _filling.Count == 0 && !_stopping && _failure is null)
                {
                    _writerWaiting = true;
                    Monitor.Wait(_gate);
                    _writerWaiting = false;
                }

                if (_failure is { } failure)
                {
                    FailPending(failure);
                    return;
                }

                if (_ready.Count > 0)
                {
                    batch = _ready.Dequeue();
                }
                else if (_filling.Count > 0)
                {
                    batch = _filling;
                    _filling = NewBatch();
                }
                else
                {
                    return;
                }

                _inFlight = batch;
            }

            try
            {
                if (_offset >= _options.SegmentBytes && _offset > SegmentHeader.Size)
                {
                    StartSegment(batch.FirstSequence, batch.PreviousHash);
                }

                _file.Write(_offset, batch.Buffer.AsSpan(0, batch.Length));
                // The append is acknowledged only after this sync returns: before it, a power loss may keep any
                // subset of the batch's pages. A failure here is never retried (see StoreFailedException).
                syncStarted = Stopwatch.GetTimestamp();
                _file.Sync();
                syncEnded = Stopwatch.GetTimestamp();
            }
            catch (Exception e)
            {
                var unknown = new AppendOutcomeUnknownException(batch.FirstSequence, batch.LastSequence, e);
                lock (_gate)
                {
                    _failure ??= e;
                    FailPending(e);
                    batch.DurableSignal?.TrySetException(unknown);
                    _inFlight = null;
                }

                foreach (var waiter in batch.Waiters)
                {
                    waiter.Fail(unknown);
                }

                return;
            }

            _offset += batch.Length;
            lock (_segments)
            {
                _segment.DurableLength = _offset;
            }

            Volatile.Write(ref _durableSequence, batch.LastSequence);
            // Recorded before any append completes, so that whoever saw an append complete also sees its batch counted.
            _metrics?.BatchDurable(batch.Count, syncStarted, syncEnded);
            TaskCompletionSource? signal;
            lock (_gate)
            {
                signal = batch.DurableSignal;
                _inFlight = null;
            }

            foreach (var waiter in batch.Waiters)
            {
                waiter.Complete();
            }

            signal?.TrySetResult();
            _lastBatchCount = batch.Count;
            Recycle(batch);
        }
    }

    /// <summary>
    /// Waits a few microseconds for the next append before going to sleep: a caller that appends again as soon as
    /// its previous append completed then finds the writer awake, which saves a thread wake-up per append.
    /// </summary>
    private void Recycle(Batch batch)
    {
        batch.Reset();
        lock (_gate)
        {
            // Keep a few ordinary batches; an oversized buffer (a huge record) is left to the GC.
            if (batch.Buffer.Length <= 4 * 1024 * 1024 && _freeBatches.Count < 4)
            {
                _freeBatches.Push(batch);
            }
        }
    }

    /// <summary>
    /// Before a sync, waits a moment for the batch to fill: for the first record, and when the last
    /// batch held more, for about as many as it held while they keep arriving. The appenders the last
    /// sync released need a moment to append again; a sync started at once would take only the
    /// fastest of them and leave the rest a whole sync behind.
    /// </summary>
    private void SpinForNextAppend()
    {
        var taken = Volatile.Read(ref _durableSequence);
        var expected = Math.Min(_lastBatchCount, _options.MaxBatchRecords);
        var now = Stopwatch.GetTimestamp();
        var deadline = now + s_spinTicks;
        var lastArrival = now;
        var seen = Volatile.Read(ref _lastSequence);
        var spinner = default(SpinWait);
        while (now < deadline)
        {
            var last = Volatile.Read(ref _lastSequence);
            if (last != seen)
            {
                (seen, lastArrival) = (last, now);
            }

            var arrived = last - taken;
            if (arrived >= expected || (arrived > 0 && now - lastArrival > s_arrivalGapTicks))
            {
                return;
            }

            spinner.SpinOnce(sleep1Threshold: -1);
            now = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>Fails the batches that were never written: their records are certainly not on disk.</summary>
    private void FailPending(Exception cause)
    {
        var notWritten = new StoreFailedException("The process store failed before these records were written; they are not in the log. Reopen the store to recover.", cause);
        while (_ready.TryDequeue(out var pending))
        {
            FailBatch(pending, notWritten);
        }

        FailBatch(_filling, notWritten);
        _filling = new Batch(new byte[64]);
    }

    private static void FailBatch(Batch batch, Exception error)
    {
        batch.DurableSignal?.TrySetException(error);
        foreach (var waiter in batch.Waiters)
        {
            waiter.Fail(error);
        }
    }

    private void StartSegment(long firstSequence, ulong previousHash)
    {
        var name = StoreLayout.SegmentName(firstSequence);
        var path = _layout.PathOf(name);
        var file = _fileSystem.Open(path, StoreFileMode.CreateNew);
        Span<byte> header = stackalloc byte[SegmentHeader.Size];
        SegmentHeader.Write(header, firstSequence, previousHash);
        file.Write(0, header);
        // Header synced and the name made durable before any record goes in: otherwise a synced batch could sit in a
        // file whose directory entry a reboot forgets, and acknowledged records would vanish.
        file.Sync();
        _fileSystem.SyncDirectory(_layout.Directory);
        _file.Dispose();
        _file = file;
        _offset = SegmentHeader.Size;
        lock (_segments)
        {
            _segment = new SegmentEntry(name, firstSequence, SegmentHeader.Size);
            _segments.Add(_segment);
        }
    }
}

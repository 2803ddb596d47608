using System.Threading.Channels;
using Conifer.App;
using Conifer.App.Metering;
using Conifer.Runtime.Admin;
using Conifer.Runtime.Deploy;
using Conifer.Runtime.Log;
using Conifer.Runtime.Public;
using Conifer.Runtime.Revert;
using Conifer.Store;
using Conifer.Store.Exceptions;
using Conifer.Values.Lenient;

namespace Conifer.Runtime.Writer;

/// <summary>
/// The single writer: the only code that changes the process state. Work is applied strictly in
/// arrival order; each record is handed to the store without waiting for it, so the store's group
/// commit batches the records of many events into one fsync while the writer already applies the
/// next ones (pipelining). Effects wait for durability in <see cref="CommandRunner"/>.
/// </summary>
internal sealed class ProcessWriter : IAsyncDisposable
{
    private readonly Channel<WorkItem> _queue;
    private readonly IProcessStore _store;
    private readonly RuntimeOptions _options;
    private readonly PendingResponses _responses;
    private readonly CommandRunner _commands;
    private readonly DeployTransaction _deploys;
    private readonly RevertTransaction _reverts;
    private readonly SnapshotWriter _snapshots;
    private readonly CallWatch _watch;
    // The loop that holds the writer's role; replaced when a call is abandoned (see CallWatch).
    private Task _loop;
    private ProcessState _state;
    private const int MaxEffectsPerFlush = 512;
    private readonly List<Commands> _effects = [];
    private Task _lastAppend = Task.CompletedTask;
    // The newest record taken but not yet waited for (0: none since the last flush).
    private long _pendingSequence;
    private long _recordsSinceSnapshot;
    private long _loggedEvents;

    public ProcessWriter(IProcessStore store, RuntimeOptions options, PendingResponses responses, ProcessState restored)
    {
        _store = store;
        _options = options;
        _responses = responses;
        _state = restored;
        _queue = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(options.MaxQueuedEvents)
        {
            // One loop reads at a time: an abandoned loop stops reading before its successor starts.
            SingleReader = true,
            // The writer never runs on the thread that queued the work (a public request's, a timer's):
            // a call of app code that never returns must hold only the writer's own thread, never a
            // request's, whose response could then never be sent. The cost is one hop to the thread
            // pool when the writer wakes from idle; under load it drains the queue without waiting.
            AllowSynchronousContinuations = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _commands = new CommandRunner(responses, options.Clock, e => TryEnqueue(new WorkItem.AppEvent(e)));
        _deploys = new DeployTransaction(store, options);
        _reverts = new RevertTransaction(store, options);
        _snapshots = new SnapshotWriter(store);
        _watch = new CallWatch(options.EventTimeLimit, options.AbandonGrace, OnAbandoned);
        _commands.ArmAll(restored.Timers);
        _loop = StartLoop();
    }

    private Task StartLoop() => Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    /// <summary>The state as the writer last left it (it may not be durable yet).</summary>
    public ProcessState Current => Volatile.Read(ref _state);

    /// <summary>App events applied and logged since this writer started (for metrics).</summary>
    public long LoggedEvents => Volatile.Read(ref _loggedEvents);

    /// <summary>Commands that failed after their record was durable (for metrics; each is logged).</summary>
    public long FailedCommands => _commands.Failures;

    /// <summary>Calls of app code abandoned because they did not return within the event limit plus a grace period.</summary>
    public long AbandonedCalls => _watch.AbandonedCalls;

    /// <summary>Abandoned calls whose thread has not come back yet.</summary>
    public long AbandonedStillRunning => _watch.StillRunning;

    /// <summary>How long the call the writer runs now is past its limit; null while it is within it.</summary>
    public TimeSpan? Overdue => _watch.Overdue;

    /// <summary>Set once an append failed: the process must be reopened from disk.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Raised once when the store fails; the host restarts the process from disk.</summary>
    public event Action<Exception>? Failed;

    /// <summary>Queues work without waiting; false when the queue is full (the caller answers 503).</summary>
    public bool TryEnqueue(WorkItem item) => _queue.Writer.TryWrite(item);

    /// <summary>Queues work, waiting for room (admin operations, which are few).</summary>
    public ValueTask EnqueueAsync(WorkItem item, CancellationToken cancellationToken) => _queue.Writer.WriteAsync(item, cancellationToken);

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                if (item is WorkItem.AppEvent appEvent)
                {
                    if (!ApplyAppEvent(appEvent.Event))
                    {
                        // Abandoned: another loop holds the writer's role now; this thread leaves it untouched.
                        return;
                    }
                    if (_effects.Count >= MaxEffectsPerFlush)
                    {
                        FlushEffects();
                    }
                    continue;
                }
                FlushEffects();
                switch (item)
                {
                    case WorkItem.Deploy deploy:
                        await DeployAsync(deploy).ConfigureAwait(false);
                        break;
                    case WorkItem.Revert revert:
                        await RevertAsync(revert).ConfigureAwait(false);
                        break;
                    case WorkItem.SetState setState:
                        await SetStateAsync(setState).ConfigureAwait(false);
                        break;
                    case WorkItem.Admin admin:
                        await AdminAsync(admin).ConfigureAwait(false);
                        break;
                    case WorkItem.ReadState read:
                        await WaitDurableQuietly().ConfigureAwait(false);
                        read.Done.TrySetResult(Current);
                        break;
                    default:
                        throw new InvalidOperationException($"{nameof(ProcessWriter)}.{nameof(RunAsync)}: unhandled work item {item.GetType().Name}.");
                }
            }
            // The queue is empty for now: hand the batch's effects over before waiting for more,
            // so that latency never waits for a batch to fill.
            FlushEffects();
        }
    }

    /// <summary>Applies one app event; false when its call was abandoned, so this thread no longer is the writer.</summary>
    private bool ApplyAppEvent(LoggedEvent loggedEvent)
    {
        var requestId = (loggedEvent as LoggedEvent.HttpRequest)?.Event.Id;
        if (Failure is not null)
        {
            Answer(requestId, PublicResponse.Text(503, "The store failed; the server is restarting to recover from disk."));
            return true;
        }
        var current = Current;
        if (current.Version is null)
        {
            Answer(requestId, PublicResponse.Text(503, "No app is deployed yet. Deploy one with: conifer deploy SRC ADMIN_URL --init-app-state"));
            return true;
        }
        if (loggedEvent is LoggedEvent.Timer timer && !IsDue(current, timer.Event))
        {
            return true;
        }
        EventApplier.Applied applied = default;
        Exception? failure;
        WatchedCall call;
        // Bounded: app code that runs away is stopped at its next loop or call (the compiler meters
        // both), so one bad request cannot hold the writer, and every later event, hostage. A call
        // that ran past its limit never counts, even if it swallowed its stop somewhere the filters
        // cannot reach: its result depends on the machine's speed, which replay would not reach.
        using (var scope = ExecutionBudget.Limit(_options.EventTimeLimit))
        {
            call = _watch.Begin(requestId, scope);
            try
            {
                applied = EventApplier.Apply(current, loggedEvent);
                failure = scope.Overrun;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A stopped call may surface as another exception (a finally that threw): the stop is what it was.
                failure = scope.Overrun ?? e;
            }
        }
        if (!_watch.End(call))
        {
            return false;
        }
        switch (failure)
        {
            case null:
                break;
            case ExecutionBudgetExceededException e:
                Answer(requestId, PublicResponse.Text(500, $"The app ran longer than its limit of {e.Limit.TotalSeconds:0.###} s handling this request and was stopped; nothing changed."));
                return true;
            default:
                // The event is refused as if it never happened: nothing is logged, the state stays.
                Answer(requestId, PublicResponse.Text(500, $"The app threw {failure.GetType().Name} handling this request: {failure.Message}"));
                return true;
        }
        if (applied.MustLog)
        {
            byte[] payload;
            try
            {
                payload = LogCodecs.Event.Encode(loggedEvent);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Answer(requestId, PublicResponse.Text(500, $"The event could not be stored: {e.Message}"));
                return true;
            }
            // Not waited for: the store batches this record with the next ones into one write and
            // one fsync. Appends become durable in sequence order and a failure fails every later
            // append too, so the batch's last record speaks for all of them (see FlushEffects).
            try
            {
                _pendingSequence = _store.Append(RecordKind.AppEvent, payload);
            }
            catch (StoreFailedException e)
            {
                OnAppendFailed(e);
                Answer(requestId, PublicResponse.Text(503, "The store failed; the server is restarting to recover from disk."));
                return true;
            }
            _recordsSinceSnapshot++;
            Volatile.Write(ref _loggedEvents, _loggedEvents + 1);
            Volatile.Write(ref _state, applied.Next);
        }
        if (!applied.Commands.IsEmpty)
        {
            _effects.Add(applied.Commands);
        }
        return true;
    }

    /// <summary>Runs the effects gathered since the last flush once the newest append is durable: one continuation per batch, not per event.</summary>
    private void FlushEffects()
    {
        if (_pendingSequence != 0)
        {
            // One wait for the whole batch of records taken since the last flush.
            _lastAppend = _store.WaitDurableAsync(_pendingSequence);
            _pendingSequence = 0;
            if (!_lastAppend.IsCompletedSuccessfully)
            {
                _lastAppend.ContinueWith(
                    t => { if (t.IsFaulted) { OnAppendFailed(t.Exception!.GetBaseException()); } },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }
        // Here the state the writer holds is exactly the state after the store's last record, and
        // _lastAppend is that record's durability: the one point where a snapshot is consistent.
        MaybeSnapshot();
        if (_effects.Count == 0)
        {
            return;
        }
        _commands.RunWhenDurable(_lastAppend, [.. _effects]);
        _effects.Clear();
    }

    private static bool IsDue(ProcessState state, TimerEvent timer) =>
        state.Timers.TryGetValue(timer.TimerId, out var due) && due <= timer.PosixTimeMilli;

    private async Task DeployAsync(WorkItem.Deploy deploy)
    {
        try
        {
            // Everything applied before the deploy must be durable first: the deploy record and
            // the state it names follow those records in the log.
            await WaitDurableQuietly().ConfigureAwait(false);
            var result = await _deploys.RunAsync(Current, deploy.Prepared).ConfigureAwait(false);
            if (result.Next is { } next)
            {
                Volatile.Write(ref _state, next);
                _commands.RunWhenDurable(Task.CompletedTask, result.Commands);
            }
            deploy.Done.TrySetResult(result.Report);
        }
        catch (Exception e)
        {
            deploy.Done.TrySetException(e);
        }
    }

    private async Task RevertAsync(WorkItem.Revert revert)
    {
        try
        {
            // As for a deploy: the records applied before the revert are durable before its record follows them.
            await WaitDurableQuietly().ConfigureAwait(false);
            var result = await _reverts.RunAsync(Current, revert.Prepared).ConfigureAwait(false);
            if (result.Next is { } next)
            {
                Volatile.Write(ref _state, next);
                // The earlier deploy's pending timers are pending again; a timer of the discarded history
                // that still fires finds no due entry in the reverted state and is dropped (IsDue).
                _commands.ArmAll(next.Timers);
            }
            revert.Done.TrySetResult(result.Report);
        }
        catch (Exception e)
        {
            revert.Done.TrySetException(e);
        }
    }

    private async Task SetStateAsync(WorkItem.SetState setState)
    {
        var current = Current;
        if (current.Version is null)
        {
            setState.Done.TrySetResult(new SetStateResult.Refused(["No app is deployed, so there is no State type to read the new state as. Deploy an app first."]));
            return;
        }
        switch (current.Version.State.FromTree(setState.Tree))
        {
            case LenientResult<object?>.Mismatches mismatches:
                setState.Done.TrySetResult(new SetStateResult.Refused([.. mismatches.All.Select(m => m.ToString())]));
                return;
            case LenientResult<object?>.Fits fits:
                try
                {
                    // The blob is durable before the record that names it, as for deploys.
                    var blob = await _store.PutBlobAsync(current.Version.State.Encode(fits.Value)).ConfigureAwait(false);
                    var sequence = await AppendAndWaitAsync(RecordKind.SetState, LogCodecs.SetState.Encode(new SetStateRecord(blob.Hex))).ConfigureAwait(false);
                    Volatile.Write(ref _state, current with { State = fits.Value });
                    setState.Done.TrySetResult(new SetStateResult.Applied(sequence));
                }
                catch (Exception e)
                {
                    setState.Done.TrySetException(e);
                }
                return;
        }
    }

    private async Task AdminAsync(WorkItem.Admin admin)
    {
        try
        {
            // The function sees exactly the durable state, and public events wait behind it in the
            // queue: none is lost and none is applied to a state the update then overwrites.
            await WaitDurableQuietly().ConfigureAwait(false);
            var current = Current;
            if (current.Version is null || Failure is not null)
            {
                admin.Done.TrySetResult(new AdminCallResult.Refused(AdminRefusal.NoApp,
                    Failure is null ? "No app is deployed, so there is no state to run this on." : "The store failed; the server is restarting to recover from disk."));
                return;
            }
            switch (admin.Compute(current, admin.Commit))
            {
                case AdminComputation.Finished finished:
                    admin.Done.TrySetResult(finished.Result);
                    return;
                case AdminComputation.Update update:
                    admin.Done.TrySetResult(await ApplyUpdateAsync(current, update, admin.Commit).ConfigureAwait(false));
                    return;
                default:
                    throw new InvalidOperationException($"{nameof(ProcessWriter)}.{nameof(AdminAsync)}: unhandled computation.");
            }
        }
        catch (Exception e)
        {
            admin.Done.TrySetException(e);
        }
    }

    private async Task<AdminCallResult> ApplyUpdateAsync(ProcessState current, AdminComputation.Update update, bool commit)
    {
        var codec = current.Version!.State;
        Values.Value newTree;
        try
        {
            // Encoding first proves the result has a stored form before anything is logged.
            _ = codec.Encode(update.NewState);
            newTree = codec.ToTree(update.NewState);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new AdminCallResult.Refused(AdminRefusal.BadResult, $"The new state cannot be stored: {e.Message}");
        }
        var changes = StateDiff.Between(codec.ToTree(current.State), newTree);
        if (!commit)
        {
            return new AdminCallResult.DryRun(newTree, changes);
        }
        var sequence = await AppendAndWaitAsync(RecordKind.ApplyAdminFunction, LogCodecs.Admin.Encode(update.Record)).ConfigureAwait(false);
        Volatile.Write(ref _state, current with { State = update.NewState });
        return new AdminCallResult.Committed(sequence, newTree, changes);
    }

    private async Task<long> AppendAndWaitAsync(RecordKind kind, byte[] payload)
    {
        await WaitDurableQuietly().ConfigureAwait(false);
        var append = _store.AppendAsync(kind, payload).AsTask();
        _lastAppend = append;
        _recordsSinceSnapshot++;
        return await append.ConfigureAwait(false);
    }

    private void OnAppendFailed(Exception error)
    {
        lock (_queue)
        {
            if (Failure is not null)
            {
                return;
            }
            Failure = error;
        }
        _responses.CompleteAll(PublicResponse.Text(503, "The outcome of this request is unknown: the store could not make it durable. The server restarts to recover from disk."));
        Failed?.Invoke(error);
    }

    private async Task WaitDurableQuietly()
    {
        try
        {
            await _lastAppend.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            OnAppendFailed(e);
        }
    }

    private void MaybeSnapshot()
    {
        if (_recordsSinceSnapshot < _options.SnapshotEveryRecords || _snapshots.IsWriting)
        {
            return;
        }
        _recordsSinceSnapshot = 0;
        _snapshots.Start(Current, _store.LastSequence, _lastAppend);
    }

    // On the watchdog's thread: the abandoned call's thread stays inside the app, so a fresh loop takes
    // the writer's role and goes on with the queue from the state before the event.
    private void OnAbandoned(WatchedCall call)
    {
        Answer(call.RequestId, PublicResponse.Text(500,
            $"The app did not return within its limit of {_options.EventTimeLimit.TotalSeconds:0.###} s (plus {_options.AbandonGrace.TotalSeconds:0.###} s) handling this request, " +
            "so the call was abandoned; nothing changed."));
        Console.Error.WriteLine($"conifer: a call of app code did not return within {(_options.EventTimeLimit + _options.AbandonGrace).TotalSeconds:0.###} s and was abandoned " +
            $"({_watch.StillRunning} abandoned call(s) still running); the writer goes on with the next event on a fresh thread.");
        Volatile.Write(ref _loop, StartLoop());
    }

    private void Answer(string? requestId, PublicResponse response)
    {
        if (requestId is not null)
        {
            _responses.Complete(requestId, response);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        // A call abandoned meanwhile hands the role (and the rest of the queue) to a new loop: wait for the newest.
        Task loop;
        do
        {
            loop = Volatile.Read(ref _loop);
            await loop.ConfigureAwait(false);
        }
        while (loop != Volatile.Read(ref _loop));
        _watch.Dispose();
        await WaitDurableQuietly().ConfigureAwait(false);
        await _snapshots.DisposeAsync().ConfigureAwait(false);
        _commands.Dispose();
    }
}

using Conifer.App.Metering;

namespace Conifer.Runtime.Writer;

/// <summary>
/// Watches the one call of app code the writer runs at a time, so that a call that never returns
/// (a framework call the metering cannot reach into) cannot hold the single writer, and so every
/// later event, every deploy and the shutdown, hostage. Past its limit plus a grace period the call is
/// abandoned: the writer's role passes to a fresh thread and the old thread, should the call ever
/// return, drops its result and leaves.
/// </summary>
/// <remarks>
/// Abandoning a call is safe because the state is immutable: the call holds the state it was given
/// and can build new values from it, but cannot change that state or anything the writer holds, and
/// app code can reach no mutable static. So the writer goes on from exactly the state before the
/// event, as if the event had failed. The role passes by one compare-and-swap on the running call:
/// either the call's own thread ends it (and stays the writer) or the watchdog does (and the old
/// thread, finding it gone, touches nothing of the writer's again); never both.
/// </remarks>
internal sealed class CallWatch : IDisposable
{
    private readonly TimeSpan _limit;
    private readonly TimeSpan _abandonAfter;
    private readonly Action<WatchedCall> _abandoned;
    private readonly Timer? _timer;
    private WatchedCall? _running;
    private long _abandonedCalls;
    private long _stillRunning;

    /// <param name="limit">The event time limit; zero or negative: no limit, and no call is ever abandoned.</param>
    /// <param name="grace">How long past the limit a call may still take before it is abandoned.</param>
    /// <param name="abandoned">Called on the watchdog's thread once the call is abandoned; it must hand the writer's role on.</param>
    public CallWatch(TimeSpan limit, TimeSpan grace, Action<WatchedCall> abandoned)
    {
        _limit = limit;
        _abandonAfter = limit + grace;
        _abandoned = abandoned;
        if (limit > TimeSpan.Zero && limit != Timeout.InfiniteTimeSpan)
        {
            var period = TimeSpan.FromMilliseconds(Math.Clamp(_abandonAfter.TotalMilliseconds / 8, 10, 1000));
            _timer = new Timer(_ => Check(), null, period, period);
        }
    }

    /// <summary>Calls abandoned since the writer started.</summary>
    public long AbandonedCalls => Interlocked.Read(ref _abandonedCalls);

    /// <summary>Abandoned calls whose thread has not come back yet (it still runs, or is stuck).</summary>
    public long StillRunning => Interlocked.Read(ref _stillRunning);

    /// <summary>How long the running call is past its limit, or null while it is within it (or none runs).</summary>
    public TimeSpan? Overdue => Volatile.Read(ref _running) is { } call && call.Elapsed > _limit && _timer is not null ? call.Elapsed - _limit : null;

    /// <summary>Marks the start of a call on the writer's thread.</summary>
    public WatchedCall Begin(string? requestId, ExecutionBudget.Scope scope)
    {
        var call = new WatchedCall(requestId, scope);
        Volatile.Write(ref _running, call);
        return call;
    }

    /// <summary>Marks the end of a call; false when it was abandoned meanwhile, so this thread is no longer the writer.</summary>
    public bool End(WatchedCall call)
    {
        if (Interlocked.CompareExchange(ref _running, null, call) == call)
        {
            return true;
        }
        Interlocked.Decrement(ref _stillRunning);
        return false;
    }

    private void Check()
    {
        var call = Volatile.Read(ref _running);
        if (call is null || call.Elapsed < _abandonAfter || Interlocked.CompareExchange(ref _running, null, call) != call)
        {
            return;
        }
        Interlocked.Increment(ref _abandonedCalls);
        Interlocked.Increment(ref _stillRunning);
        // Should the call ever come back into metered code, it stops there.
        call.Scope.Cancel($"it did not return within its limit of {_limit.TotalSeconds:0.###} s and was abandoned");
        _abandoned(call);
    }

    public void Dispose() => _timer?.Dispose();
}

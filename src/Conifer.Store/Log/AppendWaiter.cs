using System.Threading.Tasks.Sources;

namespace Conifer.Store.Log;

/// <summary>
/// What one append awaits: a pooled, resettable value-task source, so that a durable append allocates nothing in
/// the steady state. Continuations always run on the thread pool, never on the writer thread: a slow caller must
/// not hold up the next batch.
/// </summary>
internal sealed class AppendWaiter(AppendWaiterPool pool) : IValueTaskSource<long>
{
    private ManualResetValueTaskSourceCore<long> _core = new() { RunContinuationsAsynchronously = true };

    public long Sequence { get; set; }

    public ValueTask<long> AsValueTask() => new(this, _core.Version);

    public void Complete() => _core.SetResult(Sequence);

    public void Fail(Exception error) => _core.SetException(error);

    public long GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            _core.Reset();
            pool.Return(this);
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}

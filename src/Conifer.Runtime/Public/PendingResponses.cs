using System.Collections.Concurrent;
using System.Diagnostics;

namespace Conifer.Runtime.Public;

/// <summary>
/// Public requests waiting for their <c>Respond</c> command. The app may answer a request with a
/// later event (long polling), so responses are matched by request id, not by call order. One
/// sweeper answers the requests that waited too long, instead of a timer per request.
/// </summary>
internal sealed class PendingResponses : IDisposable
{
    private readonly ConcurrentDictionary<string, Waiting> _waiting = new(StringComparer.Ordinal);
    private readonly TimeSpan _timeout;
    private readonly Timer _sweeper;

    public PendingResponses(TimeSpan timeout)
    {
        _timeout = timeout;
        var period = TimeSpan.FromMilliseconds(Math.Clamp(timeout.TotalMilliseconds / 4, 10, 1000));
        _sweeper = new Timer(_ => Sweep(), null, period, period);
    }

    public Task<PublicResponse> Register(string requestId)
    {
        var waiting = new Waiting(Stopwatch.GetTimestamp());
        _waiting[requestId] = waiting;
        return waiting.Task;
    }

    /// <summary>Delivers a response; false when nobody waits for that id (answered already or timed out).</summary>
    public bool Complete(string requestId, PublicResponse response) =>
        _waiting.TryRemove(requestId, out var waiting) && waiting.TrySetResult(response);

    public void Forget(string requestId) => _waiting.TryRemove(requestId, out _);

    /// <summary>Answers every waiting request, e.g. with 503 when the store failed.</summary>
    public void CompleteAll(PublicResponse response)
    {
        foreach (var id in _waiting.Keys)
        {
            Complete(id, response);
        }
    }

    private void Sweep()
    {
        foreach (var (id, waiting) in _waiting)
        {
            if (Stopwatch.GetElapsedTime(waiting.Registered) >= _timeout)
            {
                Complete(id, PublicResponse.Text(504, $"The app did not respond within {_timeout.TotalSeconds:0.#} s."));
            }
        }
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        CompleteAll(PublicResponse.Text(503, "The server is stopping."));
    }

    private sealed class Waiting(long registered) : TaskCompletionSource<PublicResponse>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public long Registered { get; } = registered;
    }
}

using System.Collections.Concurrent;

namespace Conifer.Runtime.Public;

/// <summary>
/// Public requests waiting for their <c>Respond</c> command. The app may answer a request with a
/// later event (long polling), so responses are matched by request id, not by call order.
/// </summary>
internal sealed class PendingResponses
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<PublicResponse>> _waiting = new(StringComparer.Ordinal);

    public Task<PublicResponse> Register(string requestId)
    {
        var completion = new TaskCompletionSource<PublicResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[requestId] = completion;
        return completion.Task;
    }

    /// <summary>Delivers a response; false when nobody waits for that id (answered already or timed out).</summary>
    public bool Complete(string requestId, PublicResponse response) =>
        _waiting.TryRemove(requestId, out var completion) && completion.TrySetResult(response);

    public void Forget(string requestId) => _waiting.TryRemove(requestId, out _);

    /// <summary>Answers every waiting request, e.g. with 503 when the store failed.</summary>
    public void CompleteAll(PublicResponse response)
    {
        foreach (var id in _waiting.Keys)
        {
            Complete(id, response);
        }
    }
}

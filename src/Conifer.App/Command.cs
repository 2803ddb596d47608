using System.Collections.Immutable;

namespace Conifer.App;

/// <summary>
/// One effect an app asks for. The runtime runs commands only after the state that came with
/// them is durable, so a client never sees a response whose state could still be lost.
/// </summary>
public abstract record Command
{
    private Command()
    {
    }

    /// <summary>Answer the public request <paramref name="RequestId"/>.</summary>
    public sealed record Respond(string RequestId, int StatusCode, ImmutableArray<HttpHeader> Headers, ImmutableArray<byte> Body) : Command
    {
        /// <summary>Equal when id, status, headers and body bytes are equal, so tests can compare commands.</summary>
        public bool Equals(Respond? other) =>
            other is not null && RequestId == other.RequestId && StatusCode == other.StatusCode &&
            SameItems(Headers, other.Headers) && SameItems(Body, other.Body);

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(RequestId, StatusCode, Body.IsDefault ? 0 : Body.Length);
    }

    /// <summary>Deliver a <see cref="TimerEvent"/> with <paramref name="TimerId"/> at <paramref name="AtPosixTimeMilli"/>; replaces a pending timer with the same id.</summary>
    public sealed record SetTimer(string TimerId, long AtPosixTimeMilli) : Command;

    /// <summary>Cancel the pending timer <paramref name="TimerId"/>, if any.</summary>
    public sealed record CancelTimer(string TimerId) : Command;

    /// <summary>Send an outgoing HTTP request; its outcome arrives as an <see cref="HttpResponseEvent"/> naming <paramref name="RequestId"/>.</summary>
    public sealed record SendHttpRequest(string RequestId, string Method, string Url, ImmutableArray<HttpHeader> Headers, ImmutableArray<byte> Body) : Command
    {
        /// <summary>Equal when every part is equal, headers and body compared item by item.</summary>
        public bool Equals(SendHttpRequest? other) =>
            other is not null && RequestId == other.RequestId && Method == other.Method && Url == other.Url &&
            SameItems(Headers, other.Headers) && SameItems(Body, other.Body);

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(RequestId, Method, Url);
    }

    private static bool SameItems<T>(ImmutableArray<T> a, ImmutableArray<T> b) =>
        (a.IsDefaultOrEmpty && b.IsDefaultOrEmpty) || (!a.IsDefault && !b.IsDefault && a.SequenceEqual(b));
}

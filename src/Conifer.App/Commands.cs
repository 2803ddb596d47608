using System.Collections.Immutable;
using System.Text;

namespace Conifer.App;

/// <summary>
/// An ordered, immutable list of <see cref="Command"/>s returned with a state. Combine with
/// <see cref="And"/> or <see cref="Batch"/>; <see cref="None"/> is the empty list.
/// </summary>
public sealed class Commands : IEquatable<Commands>
{
    /// <summary>No effects.</summary>
    public static Commands None { get; } = new([]);

    private Commands(ImmutableArray<Command> items) => Items = items;

    /// <summary>The commands in the order the runtime runs them.</summary>
    public ImmutableArray<Command> Items { get; }

    /// <summary>True when there is nothing to run.</summary>
    public bool IsEmpty => Items.IsEmpty;

    /// <summary>Wraps one command.</summary>
    public static Commands Of(Command command) => new([command]);

    /// <summary>All the given command lists, in order.</summary>
    public static Commands Batch(params Commands[] commands) =>
        new(commands.SelectMany(c => c.Items).ToImmutableArray());

    /// <summary>These commands followed by <paramref name="next"/>.</summary>
    public Commands And(Commands next) =>
        next.IsEmpty ? this : IsEmpty ? next : new(Items.AddRange(next.Items));

    /// <summary>Answer a public request with a UTF-8 text body (<c>text/plain</c> unless a header says otherwise).</summary>
    public static Commands Respond(string requestId, int statusCode, string bodyText) =>
        Respond(requestId, statusCode, bodyText, []);

    /// <summary>Answer a public request with a UTF-8 text body and the given headers.</summary>
    public static Commands Respond(string requestId, int statusCode, string bodyText, ImmutableArray<HttpHeader> headers) =>
        Of(new Command.Respond(requestId, statusCode, headers, [.. Encoding.UTF8.GetBytes(bodyText)]));

    /// <summary>Answer a public request with a binary body.</summary>
    public static Commands RespondBytes(string requestId, int statusCode, ImmutableArray<byte> body, ImmutableArray<HttpHeader> headers) =>
        Of(new Command.Respond(requestId, statusCode, headers, body));

    /// <summary>Deliver a <see cref="TimerEvent"/> at the given time (replaces a pending timer with the same id).</summary>
    public static Commands SetTimer(string timerId, long atPosixTimeMilli) =>
        Of(new Command.SetTimer(timerId, atPosixTimeMilli));

    /// <summary>Cancel a pending timer.</summary>
    public static Commands CancelTimer(string timerId) => Of(new Command.CancelTimer(timerId));

    /// <summary>Send an outgoing request; its outcome arrives later as an <see cref="HttpResponseEvent"/>.</summary>
    public static Commands SendHttpRequest(string requestId, string method, string url, ImmutableArray<HttpHeader> headers, ImmutableArray<byte> body) =>
        Of(new Command.SendHttpRequest(requestId, method, url, headers, body));

    /// <inheritdoc />
    public bool Equals(Commands? other) => other is not null && Items.SequenceEqual(other.Items);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Commands);

    /// <inheritdoc />
    public override int GetHashCode() => Items.Length;

    /// <inheritdoc />
    public override string ToString() => $"Commands[{string.Join(", ", Items)}]";
}

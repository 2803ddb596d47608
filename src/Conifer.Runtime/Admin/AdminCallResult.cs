using System.Collections.Immutable;
using Conifer.Values;

namespace Conifer.Runtime.Admin;

/// <summary>The outcome of an admin function or an eval script.</summary>
public abstract record AdminCallResult
{
    private AdminCallResult()
    {
    }

    /// <summary>A read: <paramref name="Result"/> is the returned value as a tree; nothing changed.</summary>
    public sealed record Read(Value Result) : AdminCallResult;

    /// <summary>An update run as a dry run: the state it would produce, and what would change; nothing changed.</summary>
    /// <param name="NewState">The state the update returned.</param>
    /// <param name="Changes">The changed paths (<c>$.Field: old → new</c>), bounded in number.</param>
    public sealed record DryRun(Value NewState, ImmutableArray<string> Changes) : AdminCallResult;

    /// <summary>An update applied as one logged record with sequence <paramref name="Sequence"/>, durable before this returns.</summary>
    /// <param name="Sequence">The record's sequence in the log.</param>
    /// <param name="NewState">The new state.</param>
    /// <param name="Changes">The changed paths, bounded in number.</param>
    public sealed record Committed(long Sequence, Value NewState, ImmutableArray<string> Changes) : AdminCallResult;

    /// <summary>Nothing changed; <paramref name="Error"/> says why in words a person can act on.</summary>
    public sealed record Refused(AdminRefusal Reason, string Error) : AdminCallResult;
}

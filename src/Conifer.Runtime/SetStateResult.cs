using System.Collections.Immutable;

namespace Conifer.Runtime;

/// <summary>The outcome of an admin set-state (<c>PUT /api/state</c>, <c>state import</c>).</summary>
public abstract record SetStateResult
{
    private SetStateResult()
    {
    }

    /// <summary>The state was replaced; the set-state record has sequence <paramref name="Sequence"/>.</summary>
    public sealed record Applied(long Sequence) : SetStateResult
    {
        /// <summary>The migration steps the state went through first (their names), when it came from an earlier version.</summary>
        public ImmutableArray<string> MigratedThrough { get; init; } = [];
    }

    /// <summary>Nothing changed; <paramref name="Errors"/> says why (mismatch paths, no app deployed).</summary>
    public sealed record Refused(ImmutableArray<string> Errors) : SetStateResult;
}

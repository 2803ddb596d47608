using System.Collections.Immutable;

namespace Conifer.Runtime.Deploy;

/// <summary>The outcome of reading an uploaded source zip: the files, or why it was refused.</summary>
public abstract record SourceArchiveResult
{
    private SourceArchiveResult()
    {
    }

    /// <summary>The archive was safe: relative paths ('/'-separated) to file contents.</summary>
    public sealed record Accepted(ImmutableSortedDictionary<string, ImmutableArray<byte>> Files) : SourceArchiveResult;

    /// <summary>The archive was refused before anything was written; <paramref name="Reason"/> says why and names the entry.</summary>
    public sealed record Refused(string Reason) : SourceArchiveResult;
}

namespace Conifer.Values.Mapping;

/// <summary>
/// The bytes given to the fast path are not a valid value document (docs/value-format.md) or break
/// a limit. Carries the byte offset where reading failed.
/// </summary>
internal sealed class MappingFormatException : FormatException
{
    public MappingFormatException(long offset, string problem, Exception? inner = null)
        : base($"{problem} at offset {offset}.", inner)
    {
        Offset = offset;
        Problem = problem;
    }

    /// <summary>The byte offset (from the start of the document, header included) where reading failed.</summary>
    public long Offset { get; }

    /// <summary>What is wrong, without the offset.</summary>
    public string Problem { get; }

    /// <summary>The limit that was exceeded, or <c>null</c> for malformed bytes.</summary>
    public string? LimitName { get; init; }

    /// <summary>The value of <see cref="LimitName"/>.</summary>
    public long Limit { get; init; }
}

namespace Conifer.Values.Mapping;

/// <summary>
/// The bytes given to the fast path are not a valid value document (docs/value-format.md) or break
/// a limit. Carries the byte offset where reading failed.
/// </summary>
internal sealed class MappingFormatException : FormatException
{
    public MappingFormatException(long offset, string message, Exception? inner = null)
        : base($"Invalid value document at byte {offset}: {message}", inner) => Offset = offset;

    /// <summary>The byte offset (from the start of the document, header included) where reading failed.</summary>
    public long Offset { get; }
}

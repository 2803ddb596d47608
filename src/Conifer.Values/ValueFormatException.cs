namespace Conifer.Values;

/// <summary>
/// Input that is not a well-formed value document: the one exception every codec raises for
/// malformed bytes or text (<see cref="ValueLimitExceededException"/> when a
/// <see cref="ValueLimits"/> bound is the reason). Decoding never raises anything else.
/// </summary>
public class ValueFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="problem"/> found at <paramref name="offset"/>.</summary>
    /// <param name="offset">Where the problem starts: a byte offset, or a character offset for JSON parsed from a string.</param>
    /// <param name="problem">What is wrong, without the offset (it is appended to the message).</param>
    public ValueFormatException(long offset, string problem)
        : base($"{problem} at offset {offset}.")
    {
        Offset = offset;
        Problem = problem;
    }

    /// <summary>
    /// The byte offset of the offending node from the start of the input (for MessagePack, counted
    /// from the first header byte; for JSON parsed from a string, a character index instead).
    /// </summary>
    public long Offset { get; }

    /// <summary>The malformation or violated limit, without the offset.</summary>
    public string Problem { get; }

    /// <summary>The same failure reported at another offset (used to turn byte offsets into character offsets).</summary>
    internal virtual ValueFormatException WithOffset(long offset) => new(offset, Problem);
}

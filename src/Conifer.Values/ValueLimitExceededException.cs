namespace Conifer.Values;

/// <summary>
/// Input that exceeds one of the <see cref="ValueLimits"/>: the message names the limit, its
/// value and the offset, e.g. "Depth limit 64 exceeded at offset 1234."
/// </summary>
public sealed class ValueLimitExceededException : ValueFormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="offset">Where the offending node starts.</param>
    /// <param name="limitName">The <see cref="ValueLimits"/> property that was exceeded, e.g. <c>MaxDepth</c>.</param>
    /// <param name="limit">The value of that limit.</param>
    /// <param name="problem">The full description without the offset.</param>
    public ValueLimitExceededException(long offset, string limitName, long limit, string problem)
        : base(offset, problem)
    {
        LimitName = limitName;
        Limit = limit;
    }

    /// <summary>The <see cref="ValueLimits"/> property that was exceeded, e.g. <c>MaxDepth</c>.</summary>
    public string LimitName { get; }

    /// <summary>The value of the exceeded limit.</summary>
    public long Limit { get; }

    internal override ValueFormatException WithOffset(long offset) => new ValueLimitExceededException(offset, LimitName, Limit, Problem);
}

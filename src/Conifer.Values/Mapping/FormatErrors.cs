namespace Conifer.Values.Mapping;

/// <summary>
/// The one place the byte path creates its exceptions for invalid bytes and broken limits: the
/// value codec's own types, so that a caller catches one exception type whichever path decoded.
/// </summary>
internal static class FormatErrors
{
    /// <summary>Bytes that are not a valid document or node at <paramref name="offset"/>.</summary>
    public static ValueFormatException Malformed(long offset, string problem) => new(offset, problem);

    /// <summary>Input that exceeds the limit <paramref name="limitName"/> (<paramref name="limit"/>) at <paramref name="offset"/>.</summary>
    public static ValueLimitExceededException LimitExceeded(long offset, string limitName, long limit, string problem) =>
        new(offset, limitName, limit, problem);
}

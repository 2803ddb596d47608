namespace Conifer.Values.Mapping;

/// <summary>
/// The one place the byte path creates its exceptions for invalid bytes and broken limits, so that
/// they can become the value codec's own exception types without touching the readers.
/// </summary>
internal static class FormatErrors
{
    /// <summary>Bytes that are not a valid document or node at <paramref name="offset"/>.</summary>
    public static Exception Malformed(long offset, string problem, Exception? inner = null) => new MappingFormatException(offset, problem, inner);

    /// <summary>Input that exceeds the limit <paramref name="limitName"/> (<paramref name="limit"/>) at <paramref name="offset"/>.</summary>
    public static Exception LimitExceeded(long offset, string limitName, long limit, string problem) =>
        new MappingFormatException(offset, problem) { LimitName = limitName, Limit = limit };
}

using System.Globalization;

namespace Conifer.Cli;

/// <summary>The one way the CLI prints a point in time: ISO 8601 in UTC to the second (<c>2026-12-02T07:05:12Z</c>).</summary>
internal static class Timestamps
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

using System.Collections.Immutable;
using System.Text;

namespace Conifer.App;

/// <summary>A request that arrived on the public URL, as the app sees it and as the log stores it.</summary>
/// <param name="Id">Names the request in <see cref="Commands.Respond(string, int, string)"/>; unique within the process store.</param>
/// <param name="PosixTimeMilli">Arrival time in milliseconds since 1970-01-01 UTC: the app's only clock.</param>
/// <param name="Method">The HTTP method in upper case, e.g. <c>POST</c>.</param>
/// <param name="Path">The path with the query string, e.g. <c>/users?active=true</c>.</param>
/// <param name="Headers">Request headers in arrival order.</param>
/// <param name="Body">The raw request body; empty when there is none.</param>
public sealed record HttpRequestEvent(
    string Id,
    long PosixTimeMilli,
    string Method,
    string Path,
    ImmutableArray<HttpHeader> Headers,
    ImmutableArray<byte> Body)
{
    /// <summary>The body decoded as UTF-8 (invalid sequences become U+FFFD).</summary>
    public string BodyText => Body.IsDefaultOrEmpty ? "" : Encoding.UTF8.GetString(Body.AsSpan());

    /// <summary>The first header with this name (case-insensitive), or <c>null</c>.</summary>
    public string? Header(string name)
    {
        foreach (var header in Headers.IsDefault ? [] : Headers)
        {
            if (string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }
        return null;
    }
}

using System.Collections.Immutable;
using System.Text;
using Conifer.App;

namespace Conifer.Runtime.Public;

/// <summary>What the public server sends back for one request.</summary>
public sealed record PublicResponse(int StatusCode, ImmutableArray<HttpHeader> Headers, ImmutableArray<byte> Body)
{
    /// <summary>A plain-text response made by the runtime itself (errors, limits).</summary>
    public static PublicResponse Text(int statusCode, string text) =>
        new(statusCode, [new HttpHeader("Content-Type", "text/plain; charset=utf-8")], [.. Encoding.UTF8.GetBytes(text)]);

    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body.AsSpan());
}

using System.Collections.Immutable;
using System.Text;

namespace Conifer.App;

/// <summary>The outcome of an outgoing request sent with <see cref="Commands.SendHttpRequest"/>.</summary>
/// <param name="RequestId">The id the app gave the outgoing request.</param>
/// <param name="PosixTimeMilli">When the response (or failure) arrived.</param>
/// <param name="StatusCode">The HTTP status, or 0 when no response arrived (see <paramref name="Error"/>).</param>
/// <param name="Headers">Response headers.</param>
/// <param name="Body">The response body.</param>
/// <param name="Error">Why no response arrived (connection refused, timeout), or <c>null</c>.</param>
public sealed record HttpResponseEvent(
    string RequestId,
    long PosixTimeMilli,
    int StatusCode,
    ImmutableArray<HttpHeader> Headers,
    ImmutableArray<byte> Body,
    string? Error)
{
    /// <summary>The body decoded as UTF-8.</summary>
    public string BodyText => Body.IsDefaultOrEmpty ? "" : Encoding.UTF8.GetString(Body.AsSpan());
}

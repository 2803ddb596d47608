using System.Globalization;
using Conifer.App;
using Conifer.Runtime.Public;
using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Public;

/// <summary>
/// The public answer while this server holds no app to serve: 503, and on a standby a <c>Retry-After</c> and
/// the primary's public URL in <see cref="PrimaryHeader"/>, so that a client or a load balancer can go there.
/// </summary>
internal static class NotServing
{
    /// <summary>The header naming the current primary's public URL.</summary>
    public const string PrimaryHeader = "Conifer-Primary";

    /// <summary>Seconds a client should wait before it asks this server again.</summary>
    public const int RetryAfterSeconds = 1;

    public static PublicResponse For(ProcessHolder holder)
    {
        switch (holder.Status)
        {
            case ProcessStatus.Standby:
                var primary = holder.Replication?.PrimaryUrl;
                var text = primary is null
                    ? "This server is a standby and serves nothing until it takes over; no primary has announced its URL."
                    : $"This server is a standby and serves nothing until it takes over; the primary is at {primary}.";
                var response = PublicResponse.Text(StatusCodes.Status503ServiceUnavailable, text);
                var headers = response.Headers.Add(new HttpHeader("Retry-After", RetryAfterSeconds.ToString(CultureInfo.InvariantCulture)));
                return response with { Headers = primary is null ? headers : headers.Add(new HttpHeader(PrimaryHeader, primary)) };
            case ProcessStatus.Fenced:
                return PublicResponse.Text(StatusCodes.Status503ServiceUnavailable, $"This server is no longer the primary and serves nothing: {holder.Error}");
            case ProcessStatus.Restoring:
            case ProcessStatus.Failed:
            case ProcessStatus.Ready:
                return PublicResponse.Text(StatusCodes.Status503ServiceUnavailable, "The app is not running; see the admin interface.");
            default:
                throw new InvalidOperationException($"{nameof(NotServing)}.{nameof(For)}: unhandled status {holder.Status}.");
        }
    }
}

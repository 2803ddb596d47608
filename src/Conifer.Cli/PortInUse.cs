using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Conifer.Cli;

/// <summary>The one line <c>run-server</c> prints when a port it should listen on is taken.</summary>
internal static partial class PortInUse
{
    /// <summary>The line for <paramref name="exception"/> if a port was in use, else null.</summary>
    /// <param name="exception">What starting the server threw.</param>
    /// <param name="publicUrls">The --public-urls value, to say which option names the port.</param>
    /// <param name="adminUrls">The --admin-urls value.</param>
    public static string? Describe(Exception exception, string publicUrls, string adminUrls)
    {
        if (!Chain(exception).Any(e => e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }))
        {
            return null;
        }
        // Kestrel names the address: "Failed to bind to address http://127.0.0.1:4000: address already in use."
        var match = Chain(exception).Select(e => BoundAddress().Match(e.Message)).FirstOrDefault(m => m.Success);
        if (match is null || !Uri.TryCreate(match.Groups[1].Value, UriKind.Absolute, out var address))
        {
            return $"conifer run-server: a port is already in use ({exception.Message}); stop the program listening there, or choose other ports with --public-urls and --admin-urls.";
        }
        var option = Names(adminUrls).Any(u => SamePort(u, address)) ? "--admin-urls"
            : Names(publicUrls).Any(u => SamePort(u, address)) ? "--public-urls" : "--public-urls or --admin-urls";
        return $"conifer run-server: port {address.Port} is already in use ({option} {address.GetLeftPart(UriPartial.Authority)}); stop the program listening there, or choose another port with {option}.";
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private static IEnumerable<string> Names(string urls) => urls.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool SamePort(string url, Uri address) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Port == address.Port;

    [GeneratedRegex(@"address (\S+): address already in use", RegexOptions.IgnoreCase)]
    private static partial Regex BoundAddress();
}

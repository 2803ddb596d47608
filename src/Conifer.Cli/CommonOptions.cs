using System.CommandLine;
using System.Text.RegularExpressions;

namespace Conifer.Cli;

/// <summary>Options several commands share, spelled the same everywhere.</summary>
internal static partial class CommonOptions
{
    public static Option<string?> AdminPassword() => new("--admin-password")
    {
        Description = "The admin password (default: the CONIFER_ADMIN_PASSWORD environment variable).",
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print machine-readable JSON instead of text.",
    };

    public static string? ResolvePassword(ParseResult result, Option<string?> option) =>
        result.GetValue(option) ?? Environment.GetEnvironmentVariable("CONIFER_ADMIN_PASSWORD");

    /// <summary>
    /// HOST arguments name a running server's admin URL or a store directory. A URL may leave out its
    /// scheme (<c>127.0.0.1:4000</c>, <c>localhost:4000</c>): that is <c>http://</c>, unless a folder of
    /// that name exists, which then wins. Anything else is a store directory.
    /// </summary>
    public static bool IsUrl(string host) =>
        host.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || host.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || (HostAndPort().IsMatch(host) && !Directory.Exists(host) && !File.Exists(host));

    /// <summary>The admin URL for a HOST that <see cref="IsUrl"/> accepted: <c>http://</c> added when it has no scheme.</summary>
    public static string AdminUrl(string host) =>
        host.Contains("://", StringComparison.Ordinal) ? host : "http://" + host;

    // host:port[/path], with an IPv6 host in brackets; no scheme.
    [GeneratedRegex(@"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*):[0-9]{1,5}(/.*)?$")]
    private static partial Regex HostAndPort();
}

using System.CommandLine;

namespace Conifer.Cli;

/// <summary>Options several commands share, spelled the same everywhere.</summary>
internal static class CommonOptions
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

    /// <summary>HOST arguments name a running server's admin URL or a store directory.</summary>
    public static bool IsUrl(string host) =>
        host.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || host.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}

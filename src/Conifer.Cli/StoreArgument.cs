using System.Data.Common;
using System.Net.Sockets;
using Conifer.Store.Exceptions;
using Conifer.Store.Locations;

namespace Conifer.Cli;

/// <summary>
/// A store location the user gave (<c>--process-store</c>, a store DIR or HOST argument): a folder or a
/// <c>postgresql://</c> URI, read with <see cref="StoreLocation.Parse"/>, with the lines that say what is wrong.
/// </summary>
internal static class StoreArgument
{
    /// <summary>How help texts name a store location.</summary>
    public const string Help = "a store folder or a postgresql://user@host:port/db?app=NAME URI";

    /// <summary>The location, or null after printing why it cannot be used (exit code 2).</summary>
    /// <param name="command">The command's name after <c>conifer</c>, for the message.</param>
    /// <param name="text">The location as given.</param>
    public static async Task<StoreLocation?> ParseAsync(string command, string text)
    {
        try
        {
            return StoreLocation.Parse(text);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"conifer {command}: {e.Message}").ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>
    /// The store folder <paramref name="text"/> names, or null after printing why (exit code 2): a database URI, for a
    /// command that works on a folder's files, or a malformed one.
    /// </summary>
    /// <param name="command">The command's name after <c>conifer</c>.</param>
    /// <param name="text">The location as given.</param>
    /// <param name="why">Why the command needs a folder, ending the message.</param>
    public static async Task<string?> FolderOnlyAsync(string command, string text, string why)
    {
        if (StoreLocation.IsDatabase(text))
        {
            await Console.Error.WriteLineAsync($"conifer {command}: '{DatabaseLocation.Redact(text)}' is a database; this needs a store folder: {why}").ConfigureAwait(false);
            return null;
        }
        return text;
    }

    /// <summary>
    /// Whether <paramref name="e"/> is a failure to open or read a store that a person can act on: a lock, damage,
    /// a format, no store there, or a database that cannot be reached or refused the login. Printed as its message,
    /// never as a stack trace.
    /// </summary>
    public static bool IsStoreProblem(Exception e) =>
        e is IOException or UnauthorizedAccessException or StoreLockedException or StoreNotWritableException or StoreDataLossException
            or StoreCorruptException or StoreFormatVersionException or StoreNotFoundException or StoreLeaseHeldException
        || IsUnreachable(e);

    /// <summary>Whether <paramref name="e"/> says a database could not be reached, or refused the connection or the login.</summary>
    public static bool IsUnreachable(Exception e) =>
        e is DbException or SocketException or TimeoutException
        || (e is AggregateException { InnerExceptions.Count: 1 } a && IsUnreachable(a.InnerExceptions[0]));

    /// <summary>The line to print for a <see cref="IsStoreProblem"/> failure of <paramref name="command"/> at <paramref name="location"/>.</summary>
    public static string Describe(string command, string location, Exception e)
    {
        var shown = StoreLocation.IsDatabase(location) ? DatabaseLocation.Redact(location) : location;
        return IsUnreachable(e)
            ? $"conifer {command}: cannot reach the database store '{shown}': {e.Message}"
            : $"conifer {command}: cannot open the store '{shown}': {e.Message}";
    }
}

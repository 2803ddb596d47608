using Conifer.Store.Locations;
using Npgsql;

namespace Conifer.Store.Postgres;

/// <summary>Connections to a store's database, with the timeouts a writer under a lease needs.</summary>
internal static class PostgresConnections
{
    /// <summary>
    /// A data source for <paramref name="location"/>. Defaults that the URI does not override: a 5-second connect
    /// timeout, TCP keepalives, and no wait for a cancelled command's answer (a writer that gave up on a command must
    /// not sit on it for the 2 seconds Npgsql would otherwise wait).
    /// </summary>
    /// <exception cref="FormatException">The URI carries an option Npgsql does not know.</exception>
    public static NpgsqlDataSource Create(DatabaseLocation location, string role)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(location.ConnectionString);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"'{location.Display}' carries an option that is not an Npgsql connection string option: {e.Message}", e);
        }

        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = location.ConnectionString };
        if (!given.ContainsKey("Timeout"))
        {
            builder.Timeout = 5;
        }

        if (!given.ContainsKey("Cancellation Timeout") && !given.ContainsKey("CancellationTimeout"))
        {
            builder.CancellationTimeout = -1;
        }

        if (!given.ContainsKey("Tcp Keepalive") && !given.ContainsKey("TcpKeepAlive"))
        {
            builder.TcpKeepAlive = true;
        }

        if (!given.ContainsKey("Application Name") && !given.ContainsKey("ApplicationName"))
        {
            builder.ApplicationName = $"conifer {role} {location.App}";
        }

        return NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>
    /// The local folder compiled versions of the app at <paramref name="location"/> are cached in: the same for its
    /// writer and its standby on one machine, so that a standby that takes over has them already.
    /// </summary>
    public static string CompiledCacheFor(DatabaseLocation location) =>
        Path.Combine(Path.GetTempPath(), "conifer-compiled", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(location.Display + "\n" + location.App)))[..16]);

    /// <summary>Whether an exception from a command means the connection (and so the command's outcome) was lost, not that the command failed.</summary>
    public static bool IsConnectionLoss(Exception e) => e switch
    {
        PostgresException p => p.Severity is "FATAL" or "PANIC" || p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState.StartsWith("57P", StringComparison.Ordinal),
        NpgsqlException => true,
        TimeoutException or OperationCanceledException or IOException or System.Net.Sockets.SocketException => true,
        _ => false,
    };
}

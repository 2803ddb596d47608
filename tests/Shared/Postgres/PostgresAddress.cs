using Npgsql;

namespace Conifer.Tests.Shared.Postgres;

/// <summary>
/// The two spellings of a server address the tests meet: a <c>postgresql://user[:password]@host:port/database</c>
/// URI (what the product's store takes, and what <c>CONIFER_TEST_POSTGRES</c> usually holds) and Npgsql's
/// key/value connection string.
/// </summary>
public static class PostgresAddress
{
    /// <summary>
    /// Reads a URI (<c>postgresql://</c> or <c>postgres://</c>) or an Npgsql key/value string. A URI without a user
    /// means <c>postgres</c>, without a port 5432, without a database <c>postgres</c>.
    /// </summary>
    public static NpgsqlConnectionStringBuilder Parse(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        if (!address.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) && !address.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
        {
            var keyValue = new NpgsqlConnectionStringBuilder(address);
            if (string.IsNullOrEmpty(keyValue.Username))
            {
                keyValue.Username = "postgres";
            }
            if (string.IsNullOrEmpty(keyValue.Database))
            {
                keyValue.Database = "postgres";
            }
            return keyValue;
        }
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException($"Not a postgresql:// URI with a host: {address}");
        }
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Username = "postgres",
            Database = "postgres",
        };
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }
        return builder;
    }

    /// <summary>The <c>postgresql://user[:password]@host:port/database</c> URI of <paramref name="database"/> on the server of <paramref name="server"/>.</summary>
    public static string ToUri(NpgsqlConnectionStringBuilder server, string database)
    {
        var user = Uri.EscapeDataString(server.Username ?? "postgres");
        var password = string.IsNullOrEmpty(server.Password) ? "" : ":" + Uri.EscapeDataString(server.Password);
        var host = server.Host!.Contains(':', StringComparison.Ordinal) ? $"[{server.Host}]" : server.Host;
        return $"postgresql://{user}{password}@{host}:{server.Port}/{Uri.EscapeDataString(database)}";
    }
}

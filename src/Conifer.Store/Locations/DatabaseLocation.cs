using System.Data.Common;
using System.Text.RegularExpressions;

namespace Conifer.Store.Locations;

/// <summary>
/// A process store in PostgreSQL: <c>postgresql://user[:password]@host[:port]/database?app=NAME</c>. Any other query
/// option rides along as an Npgsql connection string option (<c>?app=shop&amp;sslmode=require&amp;timeout=5</c>).
/// Several apps share one database, each under its own <see cref="App"/> name.
/// </summary>
/// <param name="App">The app's name inside the database (default <c>default</c>).</param>
/// <param name="ConnectionString">The Npgsql connection string the URI stands for (with its password).</param>
/// <param name="Display">The URI without its password.</param>
public sealed partial record DatabaseLocation(string App, string ConnectionString, string Display) : StoreLocation
{
    /// <summary>The app name when the URI gives none.</summary>
    public const string DefaultApp = "default";

    /// <inheritdoc/>
    public override string Display { get; } = Display;

    internal static bool IsDatabaseUri(string text) =>
        text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    internal static DatabaseLocation ParseUri(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException($"'{Redact(text)}' is not a PostgreSQL URI; write postgresql://user@host:port/database?app=NAME.");
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length == 0 || database.Contains('/', StringComparison.Ordinal))
        {
            throw new FormatException($"'{Redact(text)}' names no database; write postgresql://user@host:port/database?app=NAME.");
        }

        var builder = new DbConnectionStringBuilder
        {
            ["Host"] = uri.Host,
            ["Port"] = uri.IsDefaultPort || uri.Port < 0 ? "5432" : uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Database"] = database,
        };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder["Username"] = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder["Password"] = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var app = DefaultApp;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "true" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            if (key.Equals("app", StringComparison.OrdinalIgnoreCase))
            {
                if (!AppName().IsMatch(value))
                {
                    throw new FormatException($"The app name '{value}' in '{Redact(text)}' is not usable: use 1 to 63 letters, digits, '-', '_' or '.'.");
                }

                app = value;
            }
            else
            {
                builder[key] = value;
            }
        }

        return new DatabaseLocation(app, builder.ConnectionString, Redact(text));
    }

    /// <summary>The URI with any password replaced by <c>***</c>.</summary>
    public static string Redact(string text) => Password().Replace(text, "$1:***@");

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{1,63}$")]
    private static partial Regex AppName();

    [GeneratedRegex(@"^((?:postgres|postgresql)://[^:/@]*):[^@/]*@", RegexOptions.IgnoreCase)]
    private static partial Regex Password();
}

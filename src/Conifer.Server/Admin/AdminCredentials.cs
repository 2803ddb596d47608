using System.Security.Cryptography;
using System.Text;

namespace Conifer.Server.Admin;

/// <summary>
/// Checks the admin password carried by a request: HTTP Basic with any user name, or a Bearer
/// token equal to the password. Both sides are hashed before a fixed-time comparison, so neither
/// the content nor the length of the password leaks through timing.
/// </summary>
public sealed class AdminCredentials
{
    private readonly byte[]? _passwordHash;

    /// <summary>Creates the check; a null or empty password means the admin interface is not available.</summary>
    public AdminCredentials(string? password) =>
        _passwordHash = string.IsNullOrEmpty(password) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(password));

    /// <summary>Whether a password is configured at all (without one every admin route answers 403).</summary>
    public bool IsConfigured => _passwordHash is not null;

    /// <summary>Whether the value of an <c>Authorization</c> header carries the admin password.</summary>
    public bool Accepts(string? authorizationHeader)
    {
        if (_passwordHash is null || string.IsNullOrWhiteSpace(authorizationHeader))
        {
            return false;
        }
        var presented = ExtractPassword(authorizationHeader.Trim());
        if (presented is null)
        {
            return false;
        }
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        return CryptographicOperations.FixedTimeEquals(presentedHash, _passwordHash);
    }

    private static string? ExtractPassword(string header)
    {
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            // Any user name is accepted: only the password part after the first ':' counts.
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

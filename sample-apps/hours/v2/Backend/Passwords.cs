using System.Security.Cryptography;
using System.Text;

namespace Backend;

/// <summary>Salted SHA-256 password hashes. No randomness is allowed, so salts derive from the user name and the request.</summary>
public static class Passwords
{
    public static string Salt(string name, string requestId) => Hex($"salt:{name}:{requestId}")[..16];

    public static string Hash(string salt, string password) => Hex($"{salt}:{password}");

    public static bool Verify(string salt, string hash, string password) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Hash(salt, password)), Encoding.UTF8.GetBytes(hash));

    public static string Token(string name, string requestId) => Hex($"token:{name}:{requestId}")[..32];

    private static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

using System.Security.Cryptography;

namespace Conifer.Store;

/// <summary>The SHA-256 of a blob's bytes: its name in the store. Two equal blobs are stored once.</summary>
public readonly record struct BlobId
{
    private readonly string _hex;

    private BlobId(string hex) => _hex = hex;

    /// <summary>The hash as 64 lower-case hexadecimal characters (also the blob's file name).</summary>
    public string Hex => _hex ?? string.Empty;

    /// <summary>The identity of the given bytes.</summary>
    public static BlobId Of(ReadOnlySpan<byte> content) => new(Convert.ToHexStringLower(SHA256.HashData(content)));

    /// <summary>Parses 64 hexadecimal characters; returns <see langword="false"/> for anything else.</summary>
    public static bool TryParse(string? text, out BlobId id)
    {
        id = default;
        if (text is not { Length: 64 } || !text.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        id = new BlobId(text.ToLowerInvariant());
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Hex;
}

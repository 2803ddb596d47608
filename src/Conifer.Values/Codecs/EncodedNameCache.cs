using System.Runtime.CompilerServices;

namespace Conifer.Values.Codecs;

/// <summary>
/// Caches the complete MessagePack str encoding (header and UTF-8) of field names and tags while
/// encoding. Trees repeat the very same name instances (decoded names are interned, mapped names
/// are property-name literals), so a hit usually costs a few arithmetic operations and one reference
/// compare, and the bytes are copied with a single WriteRaw. One instance per thread.
/// </summary>
internal sealed class EncodedNameCache
{
    private const int Slots = 512;
    private const int MaxCachedLength = 31;

    [ThreadStatic]
    private static EncodedNameCache? t_current;

    private static readonly byte[] EmptyName = [0xa0];

    private readonly string?[] _names = new string?[Slots];
    private readonly byte[][] _encoded = new byte[Slots][];

    /// <summary>The calling thread's cache.</summary>
    public static EncodedNameCache Current => t_current ??= new EncodedNameCache();

    /// <summary>The str encoding of <paramref name="name"/>, or <c>null</c> for names too long to cache.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte[]? Get(string name)
    {
        if (name.Length > MaxCachedLength)
        {
            return null;
        }
        if (name.Length == 0)
        {
            return EmptyName;
        }
        // A cheap slot from length and two characters; the same instance is the usual hit, and an
        // equal string from elsewhere still hits after one ordinal compare.
        var slot = ((name.Length * 31) + (name[0] * 7) + name[^1]) & (Slots - 1);
        var cached = _names[slot];
        if (ReferenceEquals(cached, name) || string.Equals(cached, name, StringComparison.Ordinal))
        {
            return _encoded[slot];
        }
        return Add(slot, name);
    }

    private byte[]? Add(int slot, string name)
    {
        var length = Utf8NameCache.StrictUtf8.GetByteCount(name);
        if (length > MaxCachedLength)
        {
            return null;
        }
        var encoded = new byte[length + 1];
        encoded[0] = (byte)(0xa0 | length);
        Utf8NameCache.StrictUtf8.GetBytes(name, encoded.AsSpan(1));
        _encoded[slot] = encoded;
        _names[slot] = name;
        return encoded;
    }
}

using System.Runtime.CompilerServices;

namespace Conifer.Values.Codecs;

/// <summary>
/// Caches the complete MessagePack str encoding (header and UTF-8) of field names and tags while
/// encoding. Trees repeat the very same name instances (decoded names are interned, mapped names
/// are property-name literals), so the cache is keyed by reference: a hit costs one identity hash
/// and one compare, and the bytes are copied with a single WriteRaw. One instance per thread.
/// </summary>
internal sealed class EncodedNameCache
{
    private const int Slots = 512;
    private const int MaxCachedLength = 31;

    [ThreadStatic]
    private static EncodedNameCache? t_current;

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
        var slot = RuntimeHelpers.GetHashCode(name) & (Slots - 1);
        if (ReferenceEquals(_names[slot], name))
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

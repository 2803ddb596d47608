using System.Runtime.CompilerServices;
using System.Text;

namespace Conifer.Values.Codecs;

/// <summary>
/// Interns field names and tags while decoding: records of one type repeat the same keys, so
/// a small direct-mapped cache keyed by the UTF-8 bytes turns a string allocation per field per
/// record into a lookup. One instance per thread; strings are immutable, so sharing them between
/// documents is safe.
/// </summary>
internal sealed class Utf8NameCache
{
    private const int Slots = 512;
    private const int MaxCachedLength = 48;

    [ThreadStatic]
    private static Utf8NameCache? t_current;

    private readonly byte[]?[] _keys = new byte[Slots][];
    private readonly string[] _names = new string[Slots];

    /// <summary>The calling thread's cache.</summary>
    public static Utf8NameCache Current => t_current ??= new Utf8NameCache();

    /// <summary>
    /// The string for <paramref name="utf8"/>, or <c>null</c> when the bytes are not valid UTF-8
    /// (the caller reports that with its offset).
    /// </summary>
    public string? Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxCachedLength)
        {
            return Decode(utf8);
        }
        var slot = Hash(utf8) & (Slots - 1);
        var key = _keys[slot];
        if (key is not null && utf8.SequenceEqual(key))
        {
            return _names[slot];
        }
        var name = Decode(utf8);
        if (name is not null)
        {
            _keys[slot] = utf8.ToArray();
            _names[slot] = name;
        }
        return name;
    }

    /// <summary>Decodes strict UTF-8 (no replacement characters), or returns <c>null</c> for invalid bytes.</summary>
    public static string? Decode(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>UTF-8 that throws on invalid input instead of substituting U+FFFD, both ways.</summary>
    public static UTF8Encoding StrictUtf8 { get; } = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = 2166136261u;
        foreach (var b in utf8)
        {
            hash = (hash ^ b) * 16777619u;
        }
        return (int)(hash ^ (hash >> 15));
    }
}

using System.Runtime.CompilerServices;

namespace Conifer.Values.Codecs;

/// <summary>
/// Shares the String nodes of short strings while decoding. States repeat short values (tags,
/// status words, codes) millions of times; a string of up to eight UTF-8 bytes packs into one
/// 64-bit key, so the lookup costs no allocation and a miss costs nothing beyond the node that
/// would be allocated anyway. Nodes are immutable, so sharing them is invisible. One per thread.
/// </summary>
internal sealed class ShortStringCache
{
    /// <summary>The longest string, in UTF-8 bytes, that is cached.</summary>
    public const int MaxLength = 8;

    private const int Slots = 1024;

    [ThreadStatic]
    private static ShortStringCache? t_current;

    private readonly ulong[] _keys = new ulong[Slots];
    private readonly byte[] _lengths = new byte[Slots];
    private readonly Value.String?[] _nodes = new Value.String?[Slots];

    /// <summary>The calling thread's cache.</summary>
    public static ShortStringCache Current => t_current ??= new ShortStringCache();

    /// <summary>The node for <paramref name="utf8"/> (at most <see cref="MaxLength"/> bytes), or <c>null</c> when it is not valid UTF-8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Value.String? Get(ReadOnlySpan<byte> utf8)
    {
        ulong key = 0;
        foreach (var b in utf8)
        {
            key = (key << 8) | b;
        }
        var slot = (int)(((key * 0x9E3779B97F4A7C15ul) >> 48) ^ (uint)utf8.Length) & (Slots - 1);
        var node = _nodes[slot];
        if (node is not null && _keys[slot] == key && _lengths[slot] == utf8.Length)
        {
            return node;
        }
        return Add(slot, key, utf8);
    }

    private Value.String? Add(int slot, ulong key, ReadOnlySpan<byte> utf8)
    {
        var text = Utf8NameCache.Decode(utf8);
        if (text is null)
        {
            return null;
        }
        var node = new Value.String(text);
        _keys[slot] = key;
        _lengths[slot] = (byte)utf8.Length;
        _nodes[slot] = node;
        return node;
    }
}

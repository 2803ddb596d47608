namespace Conifer.Values;

/// <summary>
/// The limits every codec applies while decoding bytes or text it did not write itself, so that
/// malformed or hostile input ends in a <see cref="ValueFormatException"/> instead of a stack
/// overflow, a hang or an allocation the process cannot survive (docs/value-format.md, "Limits").
/// </summary>
/// <remarks>
/// Use <see cref="Default"/> for the store's own files, which may legitimately hold a large state,
/// and <see cref="UntrustedData"/> for anything a client sends (admin payloads, uploads).
/// Derive other settings with <c>with</c>: <c>ValueLimits.UntrustedData with { MaxDepth = 16 }</c>.
/// </remarks>
public sealed record ValueLimits
{
    private readonly int _maxDepth = 64;
    private readonly long _maxTotalBytes = 1L << 30;
    private readonly long _maxStringBytes = 256L << 20;
    private readonly long _maxCollectionCount = 1L << 28;

    /// <summary>Generous limits for the store's own snapshot and log files (1 GiB documents, depth 64).</summary>
    public static ValueLimits Default { get; } = new();

    /// <summary>
    /// Tight limits for data from outside the process (admin payloads, uploads): depth 32, 16 MiB
    /// documents, 1 MiB strings, one million items per collection.
    /// </summary>
    public static ValueLimits UntrustedData { get; } = new()
    {
        MaxDepth = 32,
        MaxTotalBytes = 16L << 20,
        MaxStringBytes = 1L << 20,
        MaxCollectionCount = 1_000_000,
    };

    /// <summary>
    /// The most containers (List, Dict, Record, Tagged with fields) that may enclose one another;
    /// the root container is level 1. Decoding recurses once per level, so this bound is what keeps
    /// hostile nesting from overflowing the stack. Default 64.
    /// </summary>
    public int MaxDepth
    {
        get => _maxDepth;
        init => _maxDepth = Positive(value, nameof(MaxDepth));
    }

    /// <summary>
    /// The largest encoded document (or embedded node) in bytes; for JSON, the UTF-8 length of the
    /// text. Checked before any work is done, so an oversized upload is refused at once. Default 1 GiB.
    /// </summary>
    public long MaxTotalBytes
    {
        get => _maxTotalBytes;
        init => _maxTotalBytes = Positive(value, nameof(MaxTotalBytes));
    }

    /// <summary>
    /// The longest string, byte string or tag, in UTF-8 bytes. Bounds the single largest allocation
    /// one length prefix can cause. Default 256 MiB.
    /// </summary>
    public long MaxStringBytes
    {
        get => _maxStringBytes;
        init => _maxStringBytes = Positive(value, nameof(MaxStringBytes));
    }

    /// <summary>
    /// The most items of one List, entries of one Dict or fields of one Record or Tagged. A declared
    /// count is also checked against the bytes that remain (every item takes at least one byte)
    /// before any array is allocated. Default 2^28.
    /// </summary>
    public long MaxCollectionCount
    {
        get => _maxCollectionCount;
        init => _maxCollectionCount = Positive(value, nameof(MaxCollectionCount));
    }

    private static T Positive<T>(T value, string name)
        where T : System.Numerics.INumber<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value, name);
        return value;
    }
}

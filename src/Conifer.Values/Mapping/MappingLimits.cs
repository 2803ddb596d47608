namespace Conifer.Values.Mapping;

/// <summary>
/// Limits on bytes read by the fast path (depth, sizes), so that untrusted input can neither
/// exhaust memory nor the stack. Mirrors the value codec's limits object member for member.
/// </summary>
internal sealed record MappingLimits(int MaxDepth, long MaxTotalBytes, int MaxStringBytes, int MaxCollectionCount)
{
    /// <summary>For data this process wrote itself (snapshots, the log): deep and large, still bounded.</summary>
    public static MappingLimits Default { get; } = new(MaxDepth: 500, MaxTotalBytes: long.MaxValue, MaxStringBytes: int.MaxValue, MaxCollectionCount: int.MaxValue);

    /// <summary>For payloads from outside (admin uploads, imports).</summary>
    public static MappingLimits UntrustedData { get; } = new(MaxDepth: 100, MaxTotalBytes: 256L << 20, MaxStringBytes: 16 << 20, MaxCollectionCount: 10_000_000);
}

namespace Conifer.Values.Mapping;

/// <summary>
/// Limits on bytes read by the fast path (depth, sizes), so that untrusted input can neither
/// exhaust memory nor the stack. Mirrors the value codec's limits object member for member.
/// </summary>
internal sealed record MappingLimits(int MaxDepth, long MaxTotalBytes, long MaxStringBytes, long MaxCollectionCount)
{
    /// <summary>For the store's own files: depth 64 (the root container is level 1), 1 GiB documents, 256 MiB strings, 2^28 items.</summary>
    public static MappingLimits Default { get; } = new(MaxDepth: 64, MaxTotalBytes: 1L << 30, MaxStringBytes: 256L << 20, MaxCollectionCount: 1L << 28);

    /// <summary>For payloads from outside (admin uploads, imports): depth 32, 16 MiB documents, 1 MiB strings, one million items.</summary>
    public static MappingLimits UntrustedData { get; } = new(MaxDepth: 32, MaxTotalBytes: 16L << 20, MaxStringBytes: 1L << 20, MaxCollectionCount: 1_000_000);
}

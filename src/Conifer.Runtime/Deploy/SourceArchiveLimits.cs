namespace Conifer.Runtime.Deploy;

/// <summary>
/// Limits on an uploaded source zip. A deploy upload is untrusted input: these bound what a
/// malicious or broken archive can cost before anything is compiled or written.
/// </summary>
/// <param name="MaxArchiveBytes">The largest upload accepted, compressed.</param>
/// <param name="MaxEntries">The most files (and folders) an archive may hold.</param>
/// <param name="MaxTotalBytes">The most bytes all entries may expand to, counted as they are read, not as the archive claims.</param>
/// <param name="MaxEntryBytes">The largest single file.</param>
/// <param name="MaxCompressionRatio">Expanded / compressed size above which an entry is treated as a zip bomb.</param>
public sealed record SourceArchiveLimits(
    long MaxArchiveBytes,
    int MaxEntries,
    long MaxTotalBytes,
    long MaxEntryBytes,
    int MaxCompressionRatio)
{
    /// <summary>Generous for app sources (which are text), tight against bombs.</summary>
    public static SourceArchiveLimits Default { get; } = new(
        MaxArchiveBytes: 32 * 1024 * 1024,
        MaxEntries: 10_000,
        MaxTotalBytes: 64 * 1024 * 1024,
        MaxEntryBytes: 8 * 1024 * 1024,
        MaxCompressionRatio: 200);
}

using System.Globalization;

namespace Conifer.Store.Format;

/// <summary>
/// File names in a store directory. Names carry sequence numbers only, never a time: the order of segments and
/// snapshots is the order of their sequences, so a clock that jumps back cannot reorder history.
/// </summary>
internal sealed class StoreLayout(string directory)
{
    public const string LockFileName = "lock";
    public const string BlobDirectoryName = "blobs";
    private const string SegmentPrefix = "log-";
    private const string SegmentSuffix = ".seg";
    private const string SnapshotPrefix = "snap-";
    private const string SnapshotSuffix = ".snap";
    private const string TempSuffix = ".tmp";

    public string Directory { get; } = directory;

    public string BlobDirectory => Path.Combine(Directory, BlobDirectoryName);

    public string LockPath => Path.Combine(Directory, LockFileName);

    public static string SegmentName(long firstSequence) => SegmentPrefix + firstSequence.ToString("D20", CultureInfo.InvariantCulture) + SegmentSuffix;

    public static string SnapshotName(long coversThrough) => SnapshotPrefix + coversThrough.ToString("D20", CultureInfo.InvariantCulture) + SnapshotSuffix;

    public static string SnapshotTempName(long coversThrough) => SnapshotName(coversThrough) + TempSuffix;

    public string PathOf(string name) => Path.Combine(Directory, name);

    public static bool TryParseSegment(string name, out long firstSequence) => TryParse(name, SegmentPrefix, SegmentSuffix, out firstSequence);

    public static bool TryParseSnapshot(string name, out long coversThrough) => TryParse(name, SnapshotPrefix, SnapshotSuffix, out coversThrough);

    public static bool IsTemp(string name) => name.EndsWith(TempSuffix, StringComparison.Ordinal);

    private static bool TryParse(string name, string prefix, string suffix, out long value)
    {
        value = 0;
        return name.Length == prefix.Length + 20 + suffix.Length
            && name.StartsWith(prefix, StringComparison.Ordinal)
            && name.EndsWith(suffix, StringComparison.Ordinal)
            && long.TryParse(name.AsSpan(prefix.Length, 20), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}

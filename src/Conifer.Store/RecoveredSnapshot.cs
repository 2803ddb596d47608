using Conifer.Store.IO;

namespace Conifer.Store;

/// <summary>The snapshot recovery starts from: checked against its hash and its reference record.</summary>
public sealed class RecoveredSnapshot
{
    private readonly Func<Stream> _openState;

    internal RecoveredSnapshot(IStoreFileSystem fileSystem, string path, SnapshotInfo info)
        : this(info, () => Format.SnapshotFile.OpenStateStream(fileSystem, path, info.Length))
    {
    }

    /// <summary>A snapshot whose state bytes <paramref name="openState"/> reads (a store that keeps them elsewhere than in a file).</summary>
    public RecoveredSnapshot(SnapshotInfo info, Func<Stream> openState)
    {
        Info = info;
        _openState = openState;
    }

    /// <summary>Which records the state covers, its size and hash.</summary>
    public SnapshotInfo Info { get; }

    /// <summary>The state includes every record up to and including this sequence.</summary>
    public long CoversThroughSequence => Info.CoversThroughSequence;

    /// <summary>Opens a read-only stream over the state bytes (a file's header and trailer excluded).</summary>
    public Stream OpenState() => _openState();

    /// <summary>Reads all state bytes into one array.</summary>
    public byte[] ReadAllState()
    {
        using var stream = OpenState();
        var bytes = new byte[Info.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}

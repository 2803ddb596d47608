using Conifer.Store.IO;

namespace Conifer.Store;

/// <summary>The snapshot recovery starts from: checked against its hash and its reference record.</summary>
public sealed class RecoveredSnapshot
{
    private readonly IStoreFileSystem _fileSystem;
    private readonly string _path;

    internal RecoveredSnapshot(IStoreFileSystem fileSystem, string path, SnapshotInfo info)
    {
        _fileSystem = fileSystem;
        _path = path;
        Info = info;
    }

    /// <summary>Which records the state covers, its size and hash.</summary>
    public SnapshotInfo Info { get; }

    /// <summary>The state includes every record up to and including this sequence.</summary>
    public long CoversThroughSequence => Info.CoversThroughSequence;

    /// <summary>Opens a read-only stream over the state bytes (the file's header and trailer excluded).</summary>
    public Stream OpenState() => Format.SnapshotFile.OpenStateStream(_fileSystem, _path, Info.Length);

    /// <summary>Reads all state bytes into one array.</summary>
    public byte[] ReadAllState()
    {
        using var stream = OpenState();
        var bytes = new byte[Info.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}

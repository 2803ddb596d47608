using Conifer.Store.IO;

namespace Conifer.Runtime.Tests.Support;

/// <summary>The real file system, except that fsync of log segments waits while the gate is closed.</summary>
public sealed class GatedFileSystem : IStoreFileSystem
{
    private readonly ManualResetEventSlim _open = new(initialState: true);
    private int _blockedSyncs;

    public int BlockedSyncs => Volatile.Read(ref _blockedSyncs);

    public void Close() => _open.Reset();

    public void Open() => _open.Set();

    public IStoreFile Open(string path, StoreFileMode mode) =>
        new GatedFile(PhysicalFileSystem.Instance.Open(path, mode), this, Path.GetFileName(path).StartsWith("log-", StringComparison.Ordinal));

    public bool FileExists(string path) => PhysicalFileSystem.Instance.FileExists(path);

    public bool DirectoryExists(string path) => PhysicalFileSystem.Instance.DirectoryExists(path);

    public void CreateDirectory(string path) => PhysicalFileSystem.Instance.CreateDirectory(path);

    public IReadOnlyList<string> ListFiles(string directory) => PhysicalFileSystem.Instance.ListFiles(directory);

    public void Rename(string source, string destination) => PhysicalFileSystem.Instance.Rename(source, destination);

    public void Delete(string path) => PhysicalFileSystem.Instance.Delete(path);

    public void SyncDirectory(string directory) => PhysicalFileSystem.Instance.SyncDirectory(directory);

    public IDisposable? TryLock(string path, out int? ownerProcessId) => PhysicalFileSystem.Instance.TryLock(path, out ownerProcessId);

    private sealed class GatedFile(IStoreFile inner, GatedFileSystem owner, bool gated) : IStoreFile
    {
        public long Length => inner.Length;

        public int Read(long offset, Span<byte> buffer) => inner.Read(offset, buffer);

        public void Write(long offset, ReadOnlySpan<byte> data) => inner.Write(offset, data);

        public void Sync()
        {
            if (gated && !owner._open.IsSet)
            {
                Interlocked.Increment(ref owner._blockedSyncs);
                owner._open.Wait();
            }
            inner.Sync();
        }

        public void SetLength(long length) => inner.SetLength(length);

        public void Dispose() => inner.Dispose();
    }
}

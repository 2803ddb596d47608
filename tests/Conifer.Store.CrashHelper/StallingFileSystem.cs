using Conifer.Store.IO;

namespace Conifer.Store.CrashHelper;

/// <summary>
/// The real file system, except that at the chosen fault point it prints <c>FAULT</c> and blocks the calling
/// thread for good, so the test can SIGKILL the process exactly there.
/// </summary>
public sealed class StallingFileSystem(FaultPoint fault, int occurrence) : IStoreFileSystem
{
    private readonly IStoreFileSystem _inner = PhysicalFileSystem.Instance;
    private int _seen;

    public IStoreFile Open(string path, StoreFileMode mode) => new File(this, _inner.Open(path, mode), path);

    public bool FileExists(string path) => _inner.FileExists(path);

    public bool DirectoryExists(string path) => _inner.DirectoryExists(path);

    public void CreateDirectory(string path) => _inner.CreateDirectory(path);

    public IReadOnlyList<string> ListFiles(string directory) => _inner.ListFiles(directory);

    public void Rename(string source, string destination)
    {
        _inner.Rename(source, destination);
        if (destination.EndsWith(".snap", StringComparison.Ordinal))
        {
            Reach(FaultPoint.AfterSnapshotRename);
        }
    }

    public void Delete(string path) => _inner.Delete(path);

    public void SyncDirectory(string directory) => _inner.SyncDirectory(directory);

    public IDisposable? TryLock(string path, out int? ownerProcessId) => _inner.TryLock(path, out ownerProcessId);

    private void Reach(FaultPoint point)
    {
        if (point != fault || Interlocked.Increment(ref _seen) != occurrence)
        {
            return;
        }

        Program.WriteLine("FAULT");
        Thread.Sleep(Timeout.Infinite);
    }

    private sealed class File(StallingFileSystem owner, IStoreFile inner, string path) : IStoreFile
    {
        private readonly bool _isSegment = path.EndsWith(".seg", StringComparison.Ordinal);
        private readonly bool _isSnapshot = path.EndsWith(".snap.tmp", StringComparison.Ordinal);

        public long Length => inner.Length;

        public int Read(long offset, Span<byte> buffer) => inner.Read(offset, buffer);

        public void Write(long offset, ReadOnlySpan<byte> data)
        {
            if (_isSegment && offset > 0)
            {
                owner.Reach(FaultPoint.BeforeWrite);
            }

            if (_isSnapshot && offset > 0 && data.Length > 2)
            {
                inner.Write(offset, data[..(data.Length / 2)]);
                owner.Reach(FaultPoint.MidSnapshot);
            }

            inner.Write(offset, data);
        }

        public void Sync()
        {
            if (_isSegment && inner.Length > 64)
            {
                owner.Reach(FaultPoint.AfterWriteBeforeSync);
            }

            inner.Sync();
        }

        public void SetLength(long length) => inner.SetLength(length);

        public void Dispose() => inner.Dispose();
    }
}

using Microsoft.Win32.SafeHandles;

namespace Conifer.Store.IO;

/// <summary>A file on the real disk, written with positional writes (no user-space buffer to forget).</summary>
internal sealed class PhysicalFile : IStoreFile
{
    private readonly SafeFileHandle _handle;
    private readonly FileStream _syncStream;

    public PhysicalFile(SafeFileHandle handle)
    {
        _handle = handle;
        // Unbuffered: used only for Flush(true) where fdatasync is unavailable, never for data.
        _syncStream = new FileStream(handle, FileAccess.ReadWrite, bufferSize: 0);
    }

    public long Length => RandomAccess.GetLength(_handle);

    public int Read(long offset, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = RandomAccess.Read(_handle, buffer[total..], offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    public void Write(long offset, ReadOnlySpan<byte> data) => RandomAccess.Write(_handle, data, offset);

    public void Sync() => NativeSync.SyncData(_handle, _syncStream);

    public void SetLength(long length) => RandomAccess.SetLength(_handle, length);

    public void Dispose()
    {
        _syncStream.Dispose();
        _handle.Dispose();
    }
}

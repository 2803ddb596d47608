using Microsoft.Win32.SafeHandles;

namespace Conifer.Store.IO;

/// <summary>A file on the real disk opened for reading only.</summary>
internal sealed class PhysicalReadOnlyFile(SafeFileHandle handle) : IStoreFile
{
    public long Length => RandomAccess.GetLength(handle);

    public int Read(long offset, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = RandomAccess.Read(handle, buffer[total..], offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    public void Write(long offset, ReadOnlySpan<byte> data) => throw new InvalidOperationException("The file was opened for reading only.");

    public void Sync() => throw new InvalidOperationException("The file was opened for reading only.");

    public void SetLength(long length) => throw new InvalidOperationException("The file was opened for reading only.");

    public void Dispose() => handle.Dispose();
}

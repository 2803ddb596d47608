using Conifer.Store.IO;

namespace Conifer.Store.Format;

/// <summary>A read-only, forward-only stream over the state bytes of a snapshot file.</summary>
internal sealed class SnapshotReadStream(IStoreFile file, long start, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException("A snapshot state stream reads forward only.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var wanted = (int)Math.Min(buffer.Length, length - _position);
        if (wanted <= 0)
        {
            return 0;
        }

        var read = file.Read(start + _position, buffer[..wanted]);
        _position += read;
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A snapshot state stream reads forward only.");

    public override void SetLength(long value) => throw new NotSupportedException("A snapshot state stream is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A snapshot state stream is read-only.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
        }

        base.Dispose(disposing);
    }
}

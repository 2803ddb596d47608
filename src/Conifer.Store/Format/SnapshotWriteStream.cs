using System.IO.Hashing;
using Conifer.Store.IO;

namespace Conifer.Store.Format;

/// <summary>
/// The stream a snapshot callback writes the state into: buffered into large positional writes after the header,
/// hashing every byte on the way.
/// </summary>
internal sealed class SnapshotWriteStream : Stream
{
    private const int BufferSize = 1 << 20;
    private readonly IStoreFile _file;
    private readonly XxHash3 _hasher = new();
    private byte[]? _buffer;
    private int _buffered;
    private long _fileOffset = SnapshotFile.HeaderSize;
    private long _length;

    public SnapshotWriteStream(IStoreFile file, long coversThrough)
    {
        _file = file;
        Span<byte> header = stackalloc byte[SnapshotFile.HeaderSize];
        SnapshotFile.WriteHeader(header, coversThrough);
        _file.Write(0, header);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException("A snapshot stream writes forward only.");
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hasher.Append(buffer);
        _length += buffer.Length;
        if (_buffered == 0 && buffer.Length >= BufferSize)
        {
            // A large write goes straight to the file: copying it through the buffer would only cost a memcpy.
            _file.Write(_fileOffset, buffer);
            _fileOffset += buffer.Length;
            return;
        }

        // Allocated on the first small write only: a state written in large pieces never needs it.
        _buffer ??= new byte[BufferSize];
        while (!buffer.IsEmpty)
        {
            var take = Math.Min(buffer.Length, BufferSize - _buffered);
            buffer[..take].CopyTo(_buffer.AsSpan(_buffered));
            _buffered += take;
            buffer = buffer[take..];
            if (_buffered == BufferSize)
            {
                FlushBuffer();
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
    }

    /// <summary>Writes the buffered rest and the trailer; returns the state's length and hash. The caller syncs.</summary>
    public (long Length, ulong Hash) Finish()
    {
        FlushBuffer();
        var hash = _hasher.GetCurrentHashAsUInt64();
        Span<byte> trailer = stackalloc byte[SnapshotFile.TrailerSize];
        SnapshotFile.WriteTrailer(trailer, _length, hash);
        _file.Write(_fileOffset, trailer);
        return (_length, hash);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("A snapshot stream is write-only.");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A snapshot stream writes forward only.");

    public override void SetLength(long value) => throw new NotSupportedException("A snapshot stream writes forward only.");

    private void FlushBuffer()
    {
        if (_buffered == 0 || _buffer is null)
        {
            return;
        }

        _file.Write(_fileOffset, _buffer.AsSpan(0, _buffered));
        _fileOffset += _buffered;
        _buffered = 0;
    }
}

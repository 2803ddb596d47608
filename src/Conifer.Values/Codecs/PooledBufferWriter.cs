using System.Buffers;

namespace Conifer.Values.Codecs;

/// <summary>
/// A buffer writer over a chain of pooled chunks: encoding a large tree never copies what it has
/// already written (as doubling one array would), and <see cref="ToArray"/> makes the one exact-size
/// copy the caller keeps.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int FirstChunkSize = 4096;
    private const int MaxChunkSize = 1 << 22;

    private readonly List<(byte[] Chunk, int Used)> _full = [];
    private byte[] _current;
    private int _used;
    private long _fullLength;

    public PooledBufferWriter() => _current = ArrayPool<byte>.Shared.Rent(FirstChunkSize);

    /// <summary>The number of bytes written so far.</summary>
    public long Length => _fullLength + _used;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _current.Length - _used);
        _used += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _current.AsMemory(_used);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _current.AsSpan(_used);
    }

    /// <summary>Copies everything written into one new array of exactly <see cref="Length"/> bytes.</summary>
    public byte[] ToArray()
    {
        var result = GC.AllocateUninitializedArray<byte>(checked((int)Length));
        var offset = 0;
        foreach (var (chunk, used) in _full)
        {
            chunk.AsSpan(0, used).CopyTo(result.AsSpan(offset));
            offset += used;
        }
        _current.AsSpan(0, _used).CopyTo(result.AsSpan(offset));
        return result;
    }

    public void Dispose()
    {
        foreach (var (chunk, _) in _full)
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        _full.Clear();
        ArrayPool<byte>.Shared.Return(_current);
        _current = [];
        _used = 0;
    }

    private void Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_current.Length - _used >= needed)
        {
            return;
        }
        _full.Add((_current, _used));
        _fullLength += _used;
        var next = Math.Max(needed, Math.Min(MaxChunkSize, _current.Length * 2));
        _current = ArrayPool<byte>.Shared.Rent(next);
        _used = 0;
    }
}

using System.Buffers;

namespace Conifer.Values.Mapping;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over pooled chunks: a large state is written without the
/// repeated copying of a doubling array, then copied once into an array of the exact size.
/// </summary>
internal sealed class ChunkedBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int FirstChunk = 4096;
    private const int MaxChunk = 1 << 20;

    private readonly List<(byte[] Array, int Length)> _full = [];
    private byte[] _current = ArrayPool<byte>.Shared.Rent(FirstChunk);
    private int _used;
    private long _fullLength;

    public void Advance(int count) => _used += count;

    public Memory<byte> GetMemory(int sizeHint = 0) => Ensure(sizeHint).AsMemory(_used);

    public Span<byte> GetSpan(int sizeHint = 0) => Ensure(sizeHint).AsSpan(_used);

    public byte[] ToArray()
    {
        var result = GC.AllocateUninitializedArray<byte>(checked((int)(_fullLength + _used)));
        var offset = 0;
        foreach (var (array, length) in _full)
        {
            array.AsSpan(0, length).CopyTo(result.AsSpan(offset));
            offset += length;
        }
        _current.AsSpan(0, _used).CopyTo(result.AsSpan(offset));
        return result;
    }

    public void Dispose()
    {
        foreach (var (array, _) in _full)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
        _full.Clear();
        ArrayPool<byte>.Shared.Return(_current);
        _current = [];
    }

    private byte[] Ensure(int sizeHint)
    {
        if (_current.Length - _used >= Math.Max(sizeHint, 1))
        {
            return _current;
        }
        _full.Add((_current, _used));
        _fullLength += _used;
        var next = Math.Max(sizeHint, Math.Min(MaxChunk, _current.Length * 2));
        _current = ArrayPool<byte>.Shared.Rent(next);
        _used = 0;
        return _current;
    }
}

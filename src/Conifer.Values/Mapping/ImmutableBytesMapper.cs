using System.Buffers;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary><see cref="ImmutableArray{T}"/> of bytes ⇄ Bytes (the default array is written as empty).</summary>
internal sealed class ImmutableBytesMapper : TypeMapper<ImmutableArray<byte>>
{
    public override string Expected => "bytes";

    public override Value ToValue(ImmutableArray<byte> clr) => new Value.Bytes(clr);

    public override ImmutableArray<byte> FromValue(Value value, ReadContext context)
    {
        if (value is Value.Bytes b)
        {
            return b.Value;
        }
        Mismatch(value, context);
        return [];
    }

    public override void Write(ref MessagePackWriter writer, ImmutableArray<byte> clr) => writer.Write(clr.AsSpan());

    public override ImmutableArray<byte> Read(ref MessagePackReader reader, ReadContext context)
    {
        if (reader.NextMessagePackType == MessagePackType.Binary)
        {
            return ImmutableCollectionsMarshal.AsImmutableArray(Wire.ReadBytes(ref reader, context));
        }
        Mismatch(ref reader, context);
        return [];
    }
}

using System.Buffers;
using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary><c>byte[]</c> ⇄ Bytes.</summary>
internal sealed class ByteArrayMapper : TypeMapper<byte[]>
{
    public override string Expected => "bytes";

    public override Value ToValue(byte[] clr) => clr is null ? Value.Null.Instance : new Value.Bytes([.. clr]);

    public override byte[] FromValue(Value value, ReadContext context)
    {
        if (value is Value.Bytes b)
        {
            return [.. b.Value];
        }
        Mismatch(value, context);
        return null!;
    }

    public override void Write(ref MessagePackWriter writer, byte[] clr) => writer.Write(clr);

    public override byte[] Read(ref MessagePackReader reader, ReadContext context)
    {
        if (reader.NextMessagePackType == MessagePackType.Binary)
        {
            return Wire.ReadBytes(ref reader, context);
        }
        Mismatch(ref reader, context);
        return null!;
    }
}

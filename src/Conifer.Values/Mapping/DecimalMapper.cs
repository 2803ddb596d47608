using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary><see cref="decimal"/> ⇄ Decimal (scale kept). An Int fits too: every long is an exact decimal.</summary>
internal sealed class DecimalMapper : TypeMapper<decimal>
{
    public override string Expected => "decimal";

    public override Value ToValue(decimal clr) => new Value.Decimal(clr);

    public override decimal FromValue(Value value, ReadContext context)
    {
        switch (value)
        {
            case Value.Decimal d:
                return d.Value;
            case Value.Int i:
                return i.Value;
            default:
                Mismatch(value, context);
                return 0;
        }
    }

    public override void Write(ref MessagePackWriter writer, decimal clr) => Wire.WriteDecimal(ref writer, clr);

    public override decimal Read(ref MessagePackReader reader, ReadContext context)
    {
        if (reader.NextMessagePackType == MessagePackType.Integer)
        {
            return Wire.ReadInt(ref reader);
        }
        if (reader.NextMessagePackType == MessagePackType.Extension && Wire.PeekKind(ref reader) == ValueKind.Decimal)
        {
            return Wire.ReadDecimal(ref reader);
        }
        Mismatch(ref reader, context);
        return 0;
    }
}

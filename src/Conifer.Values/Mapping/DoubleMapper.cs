using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary><see cref="double"/> ⇄ Float. An Int fits when the double represents it exactly.</summary>
internal sealed class DoubleMapper : TypeMapper<double>
{
    public override string Expected => "double";

    public override Value ToValue(double clr) => new Value.Float(clr);

    public override double FromValue(Value value, ReadContext context)
    {
        switch (value)
        {
            case Value.Float f:
                return f.Value;
            case Value.Int i:
                return FromInt(i.Value, context);
            default:
                Mismatch(value, context);
                return 0;
        }
    }

    public override void Write(ref MessagePackWriter writer, double clr) => Wire.WriteFloat(ref writer, clr);

    public override double Read(ref MessagePackReader reader, ReadContext context)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Float:
                return Wire.ReadFloat(ref reader);
            case MessagePackType.Integer:
                return FromInt(Wire.ReadInt(ref reader), context);
            default:
                Mismatch(ref reader, context);
                return 0;
        }
    }

    private static double FromInt(long value, ReadContext context)
    {
        double widened = value;
        if (widened < 9223372036854775808.0 && (long)widened == value)
        {
            return widened;
        }
        context.Report(StoredText.Int(value), "double (exact)");
        return 0;
    }
}

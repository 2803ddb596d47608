using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary>
/// <see cref="float"/> ⇄ Float (written as a binary64, which holds every float exactly). A stored
/// Float or Int fits only when the float represents it exactly, so no data is lost silently.
/// </summary>
internal sealed class SingleMapper : TypeMapper<float>
{
    public override string Expected => "float";

    public override Value ToValue(float clr) => new Value.Float(clr);

    public override float FromValue(Value value, ReadContext context)
    {
        switch (value)
        {
            case Value.Float f:
                return FromDouble(f.Value, context);
            case Value.Int i:
                return FromInt(i.Value, context);
            default:
                Mismatch(value, context);
                return 0;
        }
    }

    public override void Write(ref MessagePackWriter writer, float clr) => Wire.WriteFloat(ref writer, clr);

    public override float Read(ref MessagePackReader reader, ReadContext context)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Float:
                return FromDouble(Wire.ReadFloat(ref reader), context);
            case MessagePackType.Integer:
                return FromInt(Wire.ReadInt(ref reader), context);
            default:
                Mismatch(ref reader, context);
                return 0;
        }
    }

    private static float FromDouble(double value, ReadContext context)
    {
        var narrowed = (float)value;
        if (double.IsNaN(value) || (double)narrowed == value)
        {
            return narrowed;
        }
        context.Report(StoredText.Float(value), "float (exact)");
        return 0;
    }

    private static float FromInt(long value, ReadContext context)
    {
        float widened = value;
        if (widened < 9223372036854775808.0f && (long)widened == value)
        {
            return widened;
        }
        context.Report(StoredText.Int(value), "float (exact)");
        return 0;
    }
}

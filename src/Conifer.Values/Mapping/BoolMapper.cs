using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary><see cref="bool"/> ⇄ Bool.</summary>
internal sealed class BoolMapper : TypeMapper<bool>
{
    public override string Expected => "bool";

    public override bool HasDirectOrder => true;

    public override int Compare(bool x, bool y) => x.CompareTo(y);

    public override Value ToValue(bool clr) => Value.Bool.Of(clr);

    public override bool FromValue(Value value, ReadContext context)
    {
        if (value is Value.Bool b)
        {
            return b.Value;
        }
        Mismatch(value, context);
        return false;
    }

    public override void Write(ref MessagePackWriter writer, bool clr) => writer.Write(clr);

    public override bool Read(ref MessagePackReader reader, ReadContext context)
    {
        if (reader.NextMessagePackType == MessagePackType.Boolean)
        {
            return reader.ReadBoolean();
        }
        Mismatch(ref reader, context);
        return false;
    }
}

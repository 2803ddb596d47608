using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary><see cref="string"/> ⇄ String. A null string (in a non-nullable property) is written as Null and read back as a mismatch.</summary>
internal sealed class StringMapper : TypeMapper<string>
{
    public override string Expected => "string";

    public override bool HasDirectOrder => true;

    public override int Compare(string x, string y) => string.CompareOrdinal(x, y);

    public override Value ToValue(string clr) => clr is null ? Value.Null.Instance : new Value.String(Wire.CheckText(clr));

    public override string FromValue(Value value, ReadContext context)
    {
        if (value is Value.String s)
        {
            return s.Value;
        }
        Mismatch(value, context);
        return null!;
    }

    public override void Write(ref MessagePackWriter writer, string clr) => Wire.WriteString(ref writer, clr);

    public override string Read(ref MessagePackReader reader, ReadContext context)
    {
        if (reader.NextMessagePackType == MessagePackType.String)
        {
            return Wire.ReadString(ref reader, context);
        }
        Mismatch(ref reader, context);
        return null!;
    }
}

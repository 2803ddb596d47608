using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary>
/// A CLR type stored as a String in one canonical text form (<see cref="char"/>, <see cref="Guid"/>,
/// <see cref="DateTimeOffset"/>, <see cref="DateTime"/>). A stored String that does not parse is a
/// mismatch naming the string.
/// </summary>
internal abstract class TextMapper<T> : TypeMapper<T>
{
    protected abstract string Format(T clr);

    protected abstract bool TryParse(string text, out T clr);

    public override Value ToValue(T clr) => new Value.String(Wire.CheckText(Format(clr)));

    public override T FromValue(Value value, ReadContext context)
    {
        if (value is Value.String s)
        {
            return Parse(s.Value, context);
        }
        Mismatch(value, context);
        return default!;
    }

    public override void Write(ref MessagePackWriter writer, T clr) => Wire.WriteString(ref writer, Format(clr));

    public override T Read(ref MessagePackReader reader, ReadContext context)
    {
        if (reader.NextMessagePackType == MessagePackType.String)
        {
            return Parse(Wire.ReadString(ref reader, context), context);
        }
        Mismatch(ref reader, context);
        return default!;
    }

    private T Parse(string text, ReadContext context)
    {
        if (TryParse(text, out var clr))
        {
            return clr;
        }
        context.Report(StoredText.String(text), Expected);
        return default!;
    }
}

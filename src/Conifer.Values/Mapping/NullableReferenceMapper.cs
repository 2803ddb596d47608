using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary>A nullable reference type (<c>string?</c>, <c>User?</c>) ⇄ Null or the inner type's node.</summary>
internal sealed class NullableReferenceMapper<T>(TypeMapper<T> inner) : TypeMapper<T?>
    where T : class
{
    public override string Expected { get; } = inner.Expected + " or null";

    public override Value ToValue(T? clr) => clr is null ? Value.Null.Instance : inner.ToValue(clr);

    public override T? FromValue(Value value, ReadContext context) => value is Value.Null ? null : inner.FromValue(value, context);

    public override void Write(ref MessagePackWriter writer, T? clr)
    {
        if (clr is null)
        {
            writer.WriteNil();
        }
        else
        {
            inner.Write(ref writer, clr);
        }
    }

    public override T? Read(ref MessagePackReader reader, ReadContext context) =>
        reader.TryReadNil() ? null : inner.Read(ref reader, context);
}

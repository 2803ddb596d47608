using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary><see cref="Nullable{T}"/> ⇄ Null or the inner type's node.</summary>
internal sealed class NullableMapper<T>(TypeMapper<T> inner) : TypeMapper<T?>
    where T : struct
{
    public override string Expected { get; } = inner.Expected + " or null";

    public override Value ToValue(T? clr) => clr is { } value ? inner.ToValue(value) : Value.Null.Instance;

    public override T? FromValue(Value value, ReadContext context) => value is Value.Null ? null : inner.FromValue(value, context);

    public override void Write(ref MessagePackWriter writer, T? clr)
    {
        if (clr is { } value)
        {
            inner.Write(ref writer, value);
        }
        else
        {
            writer.WriteNil();
        }
    }

    public override T? Read(ref MessagePackReader reader, ReadContext context) =>
        reader.TryReadNil() ? null : inner.Read(ref reader, context);
}

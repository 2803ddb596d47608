using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary>
/// Maps one CLR type (at one use site: nullability is part of it) to and from the tree and the
/// bytes. Built once per type by <see cref="MapperBuilder"/>; every read reports mismatches to the
/// <see cref="ReadContext"/> and returns <c>default</c> for a node that does not fit, so one pass
/// collects every mismatch.
/// </summary>
internal abstract class TypeMapper
{
    public abstract Type ClrType { get; }

    /// <summary>What the type expects, as a mismatch shows it: <c>int</c>, <c>record User</c>, <c>list of string</c>.</summary>
    public abstract string Expected { get; }

    public abstract Value ToValueBoxed(object? clr);

    public abstract object? FromValueBoxed(Value value, ReadContext context);

    public abstract void WriteBoxed(ref MessagePackWriter writer, object? clr);

    public abstract object? ReadBoxed(ref MessagePackReader reader, ReadContext context);

    /// <summary>Reports the node <paramref name="value"/> as not fitting this type.</summary>
    protected void Mismatch(Value value, ReadContext context) => context.Report(StoredText.Preview(value), Expected);

    /// <summary>Consumes the next node and reports it as not fitting this type.</summary>
    protected void Mismatch(ref MessagePackReader reader, ReadContext context) => context.Report(Wire.Preview(ref reader, context), Expected);
}

/// <summary>The typed mapper: the fast path calls these without boxing.</summary>
internal abstract class TypeMapper<T> : TypeMapper
{
    public override Type ClrType => typeof(T);

    public abstract Value ToValue(T clr);

    public abstract T FromValue(Value value, ReadContext context);

    public abstract void Write(ref MessagePackWriter writer, T clr);

    public abstract T Read(ref MessagePackReader reader, ReadContext context);

    /// <summary>
    /// Orders two CLR values as <see cref="ValueOrder"/> orders their trees. Mappers of common key
    /// types override this with a comparison that builds no tree.
    /// </summary>
    public virtual int Compare(T x, T y) => ValueOrder.Instance.Compare(ToValue(x), ToValue(y));

    /// <summary>Whether <see cref="Compare"/> is cheap (no tree per comparison).</summary>
    public virtual bool HasDirectOrder => false;

    public override Value ToValueBoxed(object? clr) => ToValue(Unbox(clr));

    public override object? FromValueBoxed(Value value, ReadContext context) => FromValue(value, context);

    public override void WriteBoxed(ref MessagePackWriter writer, object? clr) => Write(ref writer, Unbox(clr));

    public override object? ReadBoxed(ref MessagePackReader reader, ReadContext context) => Read(ref reader, context);

    /// <summary>The typed value of a boxed argument; a value of another type is the caller's error.</summary>
    internal static T Unbox(object? clr) => clr is T typed ? typed
        : clr is null && default(T) is null ? default!
        : throw new ArgumentException($"Expected a {UnsupportedTypeException.Describe(typeof(T))}, got {(clr is null ? "null" : UnsupportedTypeException.Describe(clr.GetType()))}.", nameof(clr));
}

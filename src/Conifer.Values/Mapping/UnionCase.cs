using System.Collections.Immutable;
using System.Text;
using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary>One case of a union: its tag (the case type's name) and the record mapper of its fields.</summary>
internal abstract class UnionCase<TUnion>(Type type)
{
    public Type Type { get; } = type;

    public string Tag { get; } = type.Name;

    public byte[] TagUtf8 { get; } = Encoding.UTF8.GetBytes(type.Name);

    /// <summary>The stored node as a "missing field" mismatch names it.</summary>
    public string Owner { get; } = StoredText.Tagged(type.Name);

    protected byte[] BarePrefix { get; } = Wire.EncodeTag(type.Name, withFields: false);

    protected byte[] FieldsPrefix { get; } = Wire.EncodeTag(type.Name, withFields: true);

    public abstract void Write(ref MessagePackWriter writer, TUnion clr);

    public abstract TUnion Read(ref MessagePackReader reader, ReadContext context, int count);

    public abstract ImmutableArray<Field> ToFields(TUnion clr);

    public abstract TUnion FromFields(ImmutableArray<Field> fields, ReadContext context);
}

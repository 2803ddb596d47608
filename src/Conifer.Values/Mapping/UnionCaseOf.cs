using System.Collections.Immutable;
using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary>A case <typeparamref name="TCase"/> of <typeparamref name="TUnion"/>; the casts are reference casts, no boxing.</summary>
internal sealed class UnionCaseOf<TUnion, TCase>(RecordMapper<TCase> record) : UnionCase<TUnion>(typeof(TCase))
    where TCase : TUnion
{
    public override void Write(ref MessagePackWriter writer, TUnion clr)
    {
        // The field count is read here, not at construction: a recursive case may still be initializing then.
        if (record.FieldCount == 0)
        {
            writer.WriteRaw(BarePrefix);
            return;
        }
        writer.WriteRaw(FieldsPrefix);
        record.WriteFields(ref writer, (TCase)clr!);
    }

    public override TUnion Read(ref MessagePackReader reader, ReadContext context, int count) =>
        record.ReadFields(ref reader, context, count, Owner);

    public override ImmutableArray<Field> ToFields(TUnion clr) => record.ToFields((TCase)clr!);

    public override TUnion FromFields(ImmutableArray<Field> fields, ReadContext context) => record.FromFields(fields, context, Owner);
}

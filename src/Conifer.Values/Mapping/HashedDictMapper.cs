using System.Collections.Immutable;

namespace Conifer.Values.Mapping;

/// <summary><see cref="ImmutableDictionary{TKey, TValue}"/> and <see cref="IImmutableDictionary{TKey, TValue}"/>: canonical key order.</summary>
internal sealed class HashedDictMapper<TDict, TKey, TValue>(TypeMapper<TKey> keys, TypeMapper<TValue> values) : DictMapper<TDict, TKey, TValue>(keys, values)
    where TKey : notnull
    where TDict : IImmutableDictionary<TKey, TValue>
{
    protected override KeyValuePair<TKey, TValue>[] Entries(TDict clr)
    {
        var entries = clr.ToArray();
        CanonicalOrder.Sort(entries, Keys);
        return entries;
    }

    protected override IDictionary<TKey, TValue> NewBuilder() => ImmutableDictionary.CreateBuilder<TKey, TValue>();

    protected override TDict Build(IDictionary<TKey, TValue> builder) =>
        (TDict)(IImmutableDictionary<TKey, TValue>)((ImmutableDictionary<TKey, TValue>.Builder)builder).ToImmutable();
}

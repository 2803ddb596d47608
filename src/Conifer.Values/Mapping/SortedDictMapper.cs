using System.Collections.Immutable;

namespace Conifer.Values.Mapping;

/// <summary>
/// <see cref="ImmutableSortedDictionary{TKey, TValue}"/>: written in canonical key order too, because its
/// comparer may be culture-sensitive (string's default), and stored bytes must not depend on the machine.
/// </summary>
internal sealed class SortedDictMapper<TKey, TValue>(TypeMapper<TKey> keys, TypeMapper<TValue> values)
    : DictMapper<ImmutableSortedDictionary<TKey, TValue>, TKey, TValue>(keys, values)
    where TKey : notnull
{
    protected override KeyValuePair<TKey, TValue>[] Entries(ImmutableSortedDictionary<TKey, TValue> clr)
    {
        KeyValuePair<TKey, TValue>[] entries = [.. clr];
        CanonicalOrder.Sort(entries, Keys);
        return entries;
    }

    protected override IDictionary<TKey, TValue> NewBuilder() => ImmutableSortedDictionary.CreateBuilder<TKey, TValue>();

    protected override ImmutableSortedDictionary<TKey, TValue> Build(IDictionary<TKey, TValue> builder) =>
        ((ImmutableSortedDictionary<TKey, TValue>.Builder)builder).ToImmutable();
}

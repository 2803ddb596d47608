using System.Collections.Immutable;

namespace Conifer.Values.Mapping;

/// <summary>The dictionary shapes that map to Dict, one small adapter each.</summary>
internal static class DictMappers
{
    /// <summary><see cref="ImmutableDictionary{TKey, TValue}"/> and <see cref="IImmutableDictionary{TKey, TValue}"/>: canonical key order.</summary>
    public sealed class HashedOf<TDict, TKey, TValue>(TypeMapper<TKey> keys, TypeMapper<TValue> values) : DictMapper<TDict, TKey, TValue>(keys, values)
        where TKey : notnull
        where TDict : IImmutableDictionary<TKey, TValue>
    {
        protected override KeyValuePair<TKey, TValue>[] Entries(TDict clr)
        {
            var entries = clr is ImmutableSortedDictionary<TKey, TValue> sorted ? [.. sorted] : clr.ToArray();
            if (clr is not ImmutableSortedDictionary<TKey, TValue>)
            {
                CanonicalOrder.Sort(entries, Keys);
            }
            return entries;
        }

        protected override IDictionary<TKey, TValue> NewBuilder() => ImmutableDictionary.CreateBuilder<TKey, TValue>();

        protected override TDict Build(IDictionary<TKey, TValue> builder) =>
            (TDict)(IImmutableDictionary<TKey, TValue>)((ImmutableDictionary<TKey, TValue>.Builder)builder).ToImmutable();
    }

    /// <summary><see cref="ImmutableSortedDictionary{TKey, TValue}"/>: written in its own (deterministic) order.</summary>
    public sealed class SortedOf<TKey, TValue>(TypeMapper<TKey> keys, TypeMapper<TValue> values)
        : DictMapper<ImmutableSortedDictionary<TKey, TValue>, TKey, TValue>(keys, values)
        where TKey : notnull
    {
        protected override KeyValuePair<TKey, TValue>[] Entries(ImmutableSortedDictionary<TKey, TValue> clr) => [.. clr];

        protected override IDictionary<TKey, TValue> NewBuilder() => ImmutableSortedDictionary.CreateBuilder<TKey, TValue>();

        protected override ImmutableSortedDictionary<TKey, TValue> Build(IDictionary<TKey, TValue> builder) =>
            ((ImmutableSortedDictionary<TKey, TValue>.Builder)builder).ToImmutable();
    }
}

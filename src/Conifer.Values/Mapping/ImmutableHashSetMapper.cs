using System.Collections.Immutable;

namespace Conifer.Values.Mapping;

/// <summary><see cref="ImmutableHashSet{T}"/> (and <see cref="IImmutableSet{T}"/>): written in canonical order, not hash order.</summary>
internal sealed class ImmutableHashSetMapper<TSet, T>(TypeMapper<T> item) : SequenceMapper<TSet, T>(item, "set")
    where TSet : IImmutableSet<T>
{
    protected override ReadOnlySpan<T> Items(TSet clr)
    {
        var items = clr.ToArray();
        CanonicalOrder.Sort(items, Item);
        return items;
    }

    protected override TSet Create(T[] items) => (TSet)(IImmutableSet<T>)ImmutableHashSet.Create(items);
}

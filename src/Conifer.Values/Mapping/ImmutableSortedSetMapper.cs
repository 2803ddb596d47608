using System.Collections.Immutable;

namespace Conifer.Values.Mapping;

/// <summary>
/// <see cref="ImmutableSortedSet{T}"/>: written in canonical order too, because its comparer may be
/// culture-sensitive (string's default), and stored bytes must not depend on the machine.
/// </summary>
internal sealed class ImmutableSortedSetMapper<T>(TypeMapper<T> item) : SequenceMapper<ImmutableSortedSet<T>, T>(item, "set")
{
    protected override ReadOnlySpan<T> Items(ImmutableSortedSet<T> clr)
    {
        var items = clr.ToArray();
        CanonicalOrder.Sort(items, Item);
        return items;
    }

    protected override ImmutableSortedSet<T> Create(T[] items) => ImmutableSortedSet.Create(items);
}

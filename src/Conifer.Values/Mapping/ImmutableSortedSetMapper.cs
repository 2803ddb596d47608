using System.Collections.Immutable;

namespace Conifer.Values.Mapping;

/// <summary><see cref="ImmutableSortedSet{T}"/>: written in its own (deterministic) order.</summary>
internal sealed class ImmutableSortedSetMapper<T>(TypeMapper<T> item) : SequenceMapper<ImmutableSortedSet<T>, T>(item, "set")
{
    protected override ReadOnlySpan<T> Items(ImmutableSortedSet<T> clr) => clr.ToArray();

    protected override ImmutableSortedSet<T> Create(T[] items) => ImmutableSortedSet.Create(items);
}

using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace Conifer.Values.Mapping;

/// <summary>The collection shapes that map to List, one small adapter each.</summary>
internal static class SequenceMappers
{
    public sealed class ImmutableArrayOf<T>(TypeMapper<T> item) : SequenceMapper<ImmutableArray<T>, T>(item, "list")
    {
        protected override bool IsNull(ImmutableArray<T> clr) => false;

        protected override ReadOnlySpan<T> Items(ImmutableArray<T> clr) => clr.IsDefault ? [] : clr.AsSpan();

        protected override ImmutableArray<T> Create(T[] items) => ImmutableCollectionsMarshal.AsImmutableArray(items);
    }

    public sealed class ArrayOf<T>(TypeMapper<T> item) : SequenceMapper<T[], T>(item, "list")
    {
        protected override ReadOnlySpan<T> Items(T[] clr) => clr;

        protected override T[] Create(T[] items) => items;
    }

    /// <summary><see cref="ImmutableList{T}"/>, and <see cref="IImmutableList{T}"/> read back as one.</summary>
    public sealed class ImmutableListOf<TList, T>(TypeMapper<T> item) : SequenceMapper<TList, T>(item, "list")
        where TList : IImmutableList<T>
    {
        protected override ReadOnlySpan<T> Items(TList clr) => clr.ToArray();

        protected override TList Create(T[] items) => (TList)(IImmutableList<T>)ImmutableList.Create(items);
    }

    /// <summary><see cref="ImmutableHashSet{T}"/> (and <see cref="IImmutableSet{T}"/>): written in canonical order, not hash order.</summary>
    public sealed class ImmutableHashSetOf<TSet, T>(TypeMapper<T> item) : SequenceMapper<TSet, T>(item, "set")
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

    /// <summary><see cref="ImmutableSortedSet{T}"/>: written in its own (deterministic) order.</summary>
    public sealed class ImmutableSortedSetOf<T>(TypeMapper<T> item) : SequenceMapper<ImmutableSortedSet<T>, T>(item, "set")
    {
        protected override ReadOnlySpan<T> Items(ImmutableSortedSet<T> clr) => clr.ToArray();

        protected override ImmutableSortedSet<T> Create(T[] items) => ImmutableSortedSet.Create(items);
    }
}

using System.Collections.Immutable;

namespace Conifer.Values.Mapping;

/// <summary><see cref="ImmutableList{T}"/>, and <see cref="IImmutableList{T}"/> read back as one.</summary>
internal sealed class ImmutableListMapper<TList, T>(TypeMapper<T> item) : SequenceMapper<TList, T>(item, "list")
    where TList : IImmutableList<T>
{
    protected override ReadOnlySpan<T> Items(TList clr) => clr.ToArray();

    protected override TList Create(T[] items) => (TList)(IImmutableList<T>)ImmutableList.Create(items);
}

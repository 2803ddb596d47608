using System.Collections.Immutable;
using System.Runtime.InteropServices;
using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary><see cref="ImmutableArray{T}"/> ⇄ List (the default array is written as empty); read without copying.</summary>
internal sealed class ImmutableArrayMapper<T>(TypeMapper<T> item) : SequenceMapper<ImmutableArray<T>, T>(item, "list")
{
    protected override bool IsNull(ImmutableArray<T> clr) => false;

    protected override ReadOnlySpan<T> Items(ImmutableArray<T> clr) => clr.IsDefault ? [] : clr.AsSpan();

    protected override ImmutableArray<T> Create(T[] items) => ImmutableCollectionsMarshal.AsImmutableArray(items);

    public override void Write(ref MessagePackWriter writer, ImmutableArray<T> clr) => WriteItems(ref writer, clr.IsDefault ? [] : clr.AsSpan());
}

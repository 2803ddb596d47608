namespace Conifer.Values.Mapping;

/// <summary><c>T[]</c> ⇄ List.</summary>
internal sealed class ArrayMapper<T>(TypeMapper<T> item) : SequenceMapper<T[], T>(item, "list")
{
    protected override ReadOnlySpan<T> Items(T[] clr) => clr;

    protected override T[] Create(T[] items) => items;
}

namespace Conifer.Values.Mapping;

/// <summary>Sorts CLR values as <see cref="ValueOrder"/> sorts their trees (the order hash-based collections are written in).</summary>
internal static class CanonicalOrder
{
    public static void Sort<T>(T[] items, TypeMapper<T> mapper)
    {
        if (items.Length < 2)
        {
            return;
        }
        if (mapper.HasDirectOrder)
        {
            Array.Sort(items, Comparer<T>.Create(mapper.Compare));
            return;
        }
        var trees = new Value[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            trees[i] = mapper.ToValue(items[i]);
        }
        Array.Sort(trees, items, ValueOrder.Instance);
    }

    public static void Sort<TKey, TValue>(KeyValuePair<TKey, TValue>[] entries, TypeMapper<TKey> keys)
    {
        var sortedKeys = new TKey[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            sortedKeys[i] = entries[i].Key;
        }
        if (keys.HasDirectOrder)
        {
            Array.Sort(sortedKeys, entries, Comparer<TKey>.Create(keys.Compare));
            return;
        }
        var trees = new Value[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            trees[i] = keys.ToValue(entries[i].Key);
        }
        Array.Sort(trees, entries, ValueOrder.Instance);
    }
}

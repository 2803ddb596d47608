using System.Collections.Immutable;
using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary>
/// A CLR list, array or set ⇄ List. Subclasses say how to see the items in stored order and
/// how to build the collection from them. An empty stored list fits any item type.
/// </summary>
internal abstract class SequenceMapper<TCollection, TItem>(TypeMapper<TItem> item, string noun) : TypeMapper<TCollection>
{
    public override string Expected { get; } = $"{noun} of {item.Expected}";

    protected TypeMapper<TItem> Item => item;

    /// <summary>The items in the order they are stored (canonical order for hash sets).</summary>
    protected abstract ReadOnlySpan<TItem> Items(TCollection clr);

    protected abstract TCollection Create(TItem[] items);

    protected virtual bool IsNull(TCollection clr) => clr is null;

    public override Value ToValue(TCollection clr)
    {
        if (IsNull(clr))
        {
            return Value.Null.Instance;
        }
        var items = Items(clr);
        var nodes = ImmutableArray.CreateBuilder<Value>(items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            try
            {
                nodes.Add(item.ToValue(items[i]));
            }
            catch (UnsupportedTypeException e)
            {
                throw e.Under($"[{i}]");
            }
        }
        return new Value.List(nodes.MoveToImmutable());
    }

    public override TCollection FromValue(Value value, ReadContext context)
    {
        if (value is not Value.List list)
        {
            Mismatch(value, context);
            return default!;
        }
        var items = new TItem[list.Items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            context.PushIndex(i);
            items[i] = item.FromValue(list.Items[i], context);
            context.Pop();
        }
        return context.MismatchCount == 0 ? Create(items) : default!;
    }

    public override void Write(ref MessagePackWriter writer, TCollection clr)
    {
        if (IsNull(clr))
        {
            writer.WriteNil();
            return;
        }
        WriteItems(ref writer, Items(clr));
    }

    /// <summary>Writes the array header and the items; lists of strings skip the per-item virtual call.</summary>
    protected void WriteItems(ref MessagePackWriter writer, ReadOnlySpan<TItem> items)
    {
        writer.WriteArrayHeader(items.Length);
        if (typeof(TItem) == typeof(string) && item is StringMapper)
        {
            foreach (var one in items)
            {
                Wire.WriteString(ref writer, (string?)(object?)one);
            }
            return;
        }
        foreach (var one in items)
        {
            item.Write(ref writer, one);
        }
    }

    public override TCollection Read(ref MessagePackReader reader, ReadContext context)
    {
        if (!Wire.IsList(ref reader, context, out var count))
        {
            Mismatch(ref reader, context);
            return default!;
        }
        context.Enter(reader.Consumed);
        var items = count == 0 ? [] : new TItem[count];
        for (var i = 0; i < items.Length; i++)
        {
            context.PushIndex(i);
            items[i] = item.Read(ref reader, context);
            context.Pop();
        }
        context.Exit();
        return context.MismatchCount == 0 ? Create(items) : default!;
    }
}

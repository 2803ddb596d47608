using System.Collections.Immutable;
using MessagePack;

namespace Conifer.Values.Mapping;

/// <summary>
/// A CLR immutable dictionary (any key type) ⇄ Dict. Hash-based dictionaries are written in
/// canonical key order (<see cref="ValueOrder"/>), sorted ones in their own order. An empty
/// stored dictionary fits any key and value type.
/// </summary>
internal abstract class DictMapper<TDict, TKey, TValue>(TypeMapper<TKey> keys, TypeMapper<TValue> values) : TypeMapper<TDict>
    where TKey : notnull
    where TDict : IEnumerable<KeyValuePair<TKey, TValue>>
{
    public override string Expected { get; } = $"dict of {keys.Expected} to {values.Expected}";

    protected TypeMapper<TKey> Keys => keys;

    /// <summary>The entries in the order they are stored.</summary>
    protected abstract KeyValuePair<TKey, TValue>[] Entries(TDict clr);

    protected abstract IDictionary<TKey, TValue> NewBuilder();

    protected abstract TDict Build(IDictionary<TKey, TValue> builder);

    public override Value ToValue(TDict clr)
    {
        if (clr is null)
        {
            return Value.Null.Instance;
        }
        var entries = Entries(clr);
        var nodes = ImmutableArray.CreateBuilder<KeyValuePair<Value, Value>>(entries.Length);
        foreach (var (key, value) in entries)
        {
            nodes.Add(new(keys.ToValue(key), values.ToValue(value)));
        }
        return new Value.Dict(nodes.MoveToImmutable());
    }

    public override TDict FromValue(Value value, ReadContext context)
    {
        if (value is not Value.Dict dict)
        {
            Mismatch(value, context);
            return default!;
        }
        var builder = NewBuilder();
        foreach (var entry in dict.Entries)
        {
            context.PushKey(entry.Key, isKey: true);
            var key = keys.FromValue(entry.Key, context);
            context.Pop();
            context.PushKey(entry.Key, isKey: false);
            var item = values.FromValue(entry.Value, context);
            AddOrReport(builder, key, item, context);
            context.Pop();
        }
        return context.MismatchCount == 0 ? Build(builder) : default!;
    }

    public override void Write(ref MessagePackWriter writer, TDict clr)
    {
        if (clr is null)
        {
            writer.WriteNil();
            return;
        }
        var entries = Entries(clr);
        writer.WriteRaw(Wire.DictHeader);
        writer.WriteMapHeader(entries.Length);
        foreach (var (key, value) in entries)
        {
            keys.Write(ref writer, key);
            values.Write(ref writer, value);
        }
    }

    public override TDict Read(ref MessagePackReader reader, ReadContext context)
    {
        if (!Wire.IsDict(ref reader, context, out var count))
        {
            Mismatch(ref reader, context);
            return default!;
        }
        context.Enter(reader.Consumed);
        var builder = NewBuilder();
        for (var i = 0; i < count; i++)
        {
            var offset = reader.Consumed;
            context.PushKeyAt(offset, isKey: true);
            var key = keys.Read(ref reader, context);
            context.Pop();
            context.PushKeyAt(offset, isKey: false);
            var item = values.Read(ref reader, context);
            if (!AddOrReport(builder, key, item, context) && keys.ToValue(Existing(builder, key)).Equals(Wire.NodeAt(context.Source, offset, context.Limits)))
            {
                throw FormatErrors.Malformed(offset, "a dictionary key occurs twice");
            }
            context.Pop();
        }
        context.Exit();
        return context.MismatchCount == 0 ? Build(builder) : default!;
    }

    /// <summary>The key instance already in <paramref name="builder"/> that equals <paramref name="key"/>.</summary>
    private static TKey Existing(IDictionary<TKey, TValue> builder, TKey key) => builder switch
    {
        ImmutableDictionary<TKey, TValue>.Builder hashed when hashed.TryGetKey(key, out var existing) => existing,
        ImmutableSortedDictionary<TKey, TValue>.Builder sorted when sorted.TryGetKey(key, out var existing) => existing,
        _ => key,
    };

    /// <summary>Adds the entry; false (and a mismatch reported) when the CLR key is already there.</summary>
    private static bool AddOrReport(IDictionary<TKey, TValue> builder, TKey key, TValue item, ReadContext context)
    {
        if (context.MismatchCount > 0 || builder.TryAdd(key, item))
        {
            return true;
        }
        // Distinct stored keys can still meet as one CLR key (0.0 and -0.0 as double keys); the
        // byte path then tells that apart from a key stored twice, which is invalid bytes.
        context.Report("a second entry for this key", "distinct keys");
        return false;
    }
}

namespace Conifer.Values.Mapping;

/// <summary>
/// A total order over value trees, used to write every set and dictionary in a canonical order:
/// equal states must encode to equal bytes whatever the process's string hash seed, the insertion
/// order or a comparer's culture, or replay and snapshot hashes would differ.
/// Nodes of different kinds order by <see cref="ValueKind"/>; strings by ordinal UTF-16 code units;
/// numbers by value (floats by IEEE 754 totalOrder with one NaN last, decimals of equal value by scale); lists,
/// records and dictionaries lexicographically (records by field name, then value); tagged nodes
/// by tag, then fields.
/// </summary>
public sealed class ValueOrder : IComparer<Value>
{
    /// <summary>The one instance.</summary>
    public static ValueOrder Instance { get; } = new();

    private ValueOrder()
    {
    }

    /// <summary>Orders two trees; <c>null</c> sorts first.</summary>
    public int Compare(Value? x, Value? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }
        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }
        if (x.Kind != y.Kind)
        {
            return x.Kind.CompareTo(y.Kind);
        }
        return (x, y) switch
        {
            (Value.Null, _) => 0,
            (Value.Bool a, Value.Bool b) => a.Value.CompareTo(b.Value),
            (Value.Int a, Value.Int b) => a.Value.CompareTo(b.Value),
            (Value.Float a, Value.Float b) => CompareFloat(a.Value, b.Value),
            (Value.Decimal a, Value.Decimal b) => CompareDecimal(a.Value, b.Value),
            (Value.String a, Value.String b) => string.CompareOrdinal(a.Value, b.Value),
            (Value.Bytes a, Value.Bytes b) => a.Value.AsSpan().SequenceCompareTo(b.Value.AsSpan()),
            (Value.List a, Value.List b) => CompareSequences(a.Items, b.Items, Compare),
            (Value.Dict a, Value.Dict b) => CompareSequences(a.Entries, b.Entries, CompareEntries),
            (Value.Record a, Value.Record b) => CompareSequences(a.Fields, b.Fields, CompareFields),
            (Value.Tagged a, Value.Tagged b) => string.CompareOrdinal(a.Tag, b.Tag) is var byTag and not 0
                ? byTag
                : CompareSequences(a.Fields, b.Fields, CompareFields),
            _ => throw new InvalidOperationException($"{nameof(Compare)}: unhandled node {x.GetType().Name}"),
        };
    }

    /// <summary>
    /// IEEE 754 totalOrder (-Inf &lt; ... &lt; -0.0 &lt; 0.0 &lt; ... &lt; Inf), except that every NaN is one
    /// value, greater than all others, as tree equality has it.
    /// </summary>
    private static int CompareFloat(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            return double.IsNaN(a).CompareTo(double.IsNaN(b));
        }
        static long Key(double d)
        {
            var bits = BitConverter.DoubleToInt64Bits(d);
            return bits < 0 ? bits ^ long.MaxValue : bits;
        }
        return Key(a).CompareTo(Key(b));
    }

    private static int CompareDecimal(decimal a, decimal b) =>
        a.CompareTo(b) is var byValue and not 0 ? byValue : a.Scale.CompareTo(b.Scale);

    private int CompareEntries(KeyValuePair<Value, Value> a, KeyValuePair<Value, Value> b) =>
        Compare(a.Key, b.Key) is var byKey and not 0 ? byKey : Compare(a.Value, b.Value);

    private int CompareFields(Field a, Field b) =>
        string.CompareOrdinal(a.Name, b.Name) is var byName and not 0 ? byName : Compare(a.Value, b.Value);

    private static int CompareSequences<T>(IReadOnlyList<T> a, IReadOnlyList<T> b, Func<T, T, int> compare)
    {
        var common = Math.Min(a.Count, b.Count);
        for (var i = 0; i < common; i++)
        {
            var order = compare(a[i], b[i]);
            if (order != 0)
            {
                return order;
            }
        }
        return a.Count.CompareTo(b.Count);
    }
}

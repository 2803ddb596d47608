using System.Collections.Immutable;

namespace Conifer.Values.Tests.Mapping;

/// <summary>Replaces one node of a tree (counted in pre-order, dictionary keys left alone) to make stored data that may not fit.</summary>
internal static class TreeDamage
{
    public static readonly Value[] Replacements =
    [
        Value.Null.Instance,
        new Value.Int(300),
        new Value.Int(-1),
        new Value.Float(1.5),
        new Value.String("x"),
        new Value.Tagged("Owner"),
        new Value.Tagged("Circle"),
        new Value.Record([]),
        Value.List.Empty,
        Value.Dict.Empty,
        new Value.Bytes([1, 2]),
        new Value.Decimal(1.50m),
    ];

    public static Value Replace(Value tree, int target, Value replacement)
    {
        var counter = target % (Count(tree) + 1);
        return Walk(tree, ref counter, replacement);
    }

    private static int Count(Value value) => 1 + value switch
    {
        Value.List l => l.Items.Sum(Count),
        Value.Dict d => d.Entries.Sum(e => Count(e.Value)),
        Value.Record r => r.Fields.Sum(f => Count(f.Value)),
        Value.Tagged t => t.Fields.Sum(f => Count(f.Value)),
        _ => 0,
    };

    private static Value Walk(Value value, ref int counter, Value replacement)
    {
        if (counter-- == 0)
        {
            return replacement;
        }
        switch (value)
        {
            case Value.List l:
                {
                    var items = ImmutableArray.CreateBuilder<Value>(l.Items.Length);
                    foreach (var item in l.Items)
                    {
                        items.Add(Walk(item, ref counter, replacement));
                    }
                    return new Value.List(items.MoveToImmutable());
                }
            case Value.Dict d:
                {
                    var entries = ImmutableArray.CreateBuilder<KeyValuePair<Value, Value>>(d.Entries.Length);
                    foreach (var entry in d.Entries)
                    {
                        entries.Add(new(entry.Key, Walk(entry.Value, ref counter, replacement)));
                    }
                    return new Value.Dict(entries.MoveToImmutable());
                }
            case Value.Record r:
                return new Value.Record(WalkFields(r.Fields, ref counter, replacement));
            case Value.Tagged t:
                return new Value.Tagged(t.Tag, WalkFields(t.Fields, ref counter, replacement));
            default:
                return value;
        }
    }

    private static ImmutableArray<Field> WalkFields(ImmutableArray<Field> fields, ref int counter, Value replacement)
    {
        var walked = ImmutableArray.CreateBuilder<Field>(fields.Length);
        foreach (var field in fields)
        {
            walked.Add(new Field(field.Name, Walk(field.Value, ref counter, replacement)));
        }
        return walked.MoveToImmutable();
    }
}

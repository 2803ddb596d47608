using System.Collections.Immutable;
using System.Globalization;
using Conifer.Values;
using Conifer.Values.Codecs;

namespace Conifer.Cli.Commands;

/// <summary>What a person checks first after a migration: how many items each collection holds, and where the new state differs from the old.</summary>
internal static class StateSummary
{
    /// <summary>Every list and dictionary by path (<c>[*]</c> for "in every item"), with its total item count and how many such collections there are.</summary>
    public static ImmutableArray<(string Path, long Items, long Collections)> Collections(Value tree)
    {
        var totals = new SortedDictionary<string, (long Items, long Collections)>(StringComparer.Ordinal);
        Walk(tree, "$", totals);
        return [.. totals.Select(t => (t.Key, t.Value.Items, t.Value.Collections))];
    }

    /// <summary>Up to <paramref name="limit"/> places where <paramref name="after"/> differs from <paramref name="before"/>, in document order.</summary>
    public static ImmutableArray<string> Differences(Value before, Value after, int limit)
    {
        var found = new List<string>();
        Compare(before, after, "$", found, limit);
        return [.. found];
    }

    private static void Walk(Value value, string path, SortedDictionary<string, (long Items, long Collections)> totals)
    {
        switch (value)
        {
            case Value.List list:
                Add(totals, path, list.Items.Length);
                foreach (var item in list.Items)
                {
                    Walk(item, path + "[*]", totals);
                }
                break;
            case Value.Dict dict:
                Add(totals, path, dict.Entries.Length);
                foreach (var entry in dict.Entries)
                {
                    Walk(entry.Value, path + "[*]", totals);
                }
                break;
            case Value.Record record:
                foreach (var field in record.Fields)
                {
                    Walk(field.Value, path + "." + field.Name, totals);
                }
                break;
            case Value.Tagged tagged:
                foreach (var field in tagged.Fields)
                {
                    Walk(field.Value, path + "." + field.Name, totals);
                }
                break;
            default:
                break;
        }
    }

    private static void Add(SortedDictionary<string, (long Items, long Collections)> totals, string path, long items)
    {
        var (sum, count) = totals.GetValueOrDefault(path);
        totals[path] = (sum + items, count + 1);
    }

    private static void Compare(Value before, Value after, string path, List<string> found, int limit)
    {
        if (found.Count >= limit || before.Equals(after))
        {
            return;
        }
        switch (before, after)
        {
            case (Value.Record b, Value.Record a):
                CompareFields(b.Fields, a.Fields, path, found, limit);
                break;
            case (Value.Tagged b, Value.Tagged a) when b.Tag == a.Tag:
                CompareFields(b.Fields, a.Fields, path, found, limit);
                break;
            case (Value.List b, Value.List a):
                for (var i = 0; i < Math.Min(b.Items.Length, a.Items.Length); i++)
                {
                    Compare(b.Items[i], a.Items[i], $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]", found, limit);
                }
                if (b.Items.Length != a.Items.Length)
                {
                    Note(found, limit, $"{path}: {b.Items.Length} item(s), now {a.Items.Length}");
                }
                break;
            case (Value.Dict b, Value.Dict a):
                var afterByKey = a.Entries.ToDictionary(e => e.Key, e => e.Value);
                foreach (var entry in b.Entries)
                {
                    var keyPath = $"{path}[{Short(entry.Key)}]";
                    if (afterByKey.TryGetValue(entry.Key, out var now))
                    {
                        Compare(entry.Value, now, keyPath, found, limit);
                    }
                    else
                    {
                        Note(found, limit, $"{keyPath}: removed");
                    }
                }
                var beforeKeys = b.Entries.Select(e => e.Key).ToHashSet();
                foreach (var entry in a.Entries.Where(e => !beforeKeys.Contains(e.Key)))
                {
                    Note(found, limit, $"{path}[{Short(entry.Key)}]: added");
                }
                break;
            default:
                Note(found, limit, $"{path}: {Short(before)} -> {Short(after)}");
                break;
        }
    }

    private static void CompareFields(ImmutableArray<Field> before, ImmutableArray<Field> after, string path, List<string> found, int limit)
    {
        foreach (var field in before)
        {
            var now = after.FirstOrDefault(f => f.Name == field.Name);
            if (now.Name is null)
            {
                Note(found, limit, $"{path}.{field.Name}: removed (was {Short(field.Value)})");
            }
            else
            {
                Compare(field.Value, now.Value, path + "." + field.Name, found, limit);
            }
        }
        foreach (var field in after.Where(f => before.All(b => b.Name != f.Name)))
        {
            Note(found, limit, $"{path}.{field.Name}: added {Short(field.Value)}");
        }
    }

    private static void Note(List<string> found, int limit, string line)
    {
        if (found.Count < limit)
        {
            found.Add(line);
        }
    }

    private static string Short(Value value)
    {
        var text = ValueJsonCodec.Write(value);
        return text.Length <= 60 ? text : text[..57] + "...";
    }
}

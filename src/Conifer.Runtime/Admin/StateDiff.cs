using System.Collections.Immutable;
using Conifer.Values;

namespace Conifer.Runtime.Admin;

/// <summary>
/// The paths at which two state trees differ, for a dry run's summary: records and tagged values
/// by field, dicts by key, lists by index. Bounded, so a change to a huge state stays readable.
/// </summary>
public static class StateDiff
{
    private const int MaxChanges = 100;
    private const int MaxValueChars = 80;

    /// <summary>Every changed path, as <c>$.Path: old → new</c> (at most 100, then a count of the rest).</summary>
    public static ImmutableArray<string> Between(Value before, Value after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<StateChange>();
        var total = 0;
        Walk("$", before, after, changes, MaxChanges, ref total);
        var lines = changes.Select(c => c.ToString()).ToList();
        if (total > changes.Count)
        {
            lines.Add($"… and {total - changes.Count} more change(s)");
        }
        return [.. lines];
    }

    /// <summary>The first changed path in document order, or null when the trees are equal.</summary>
    public static StateChange? First(Value before, Value after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<StateChange>(1);
        var total = 0;
        Walk("$", before, after, changes, 1, ref total);
        return changes.Count > 0 ? changes[0] : null;
    }

    // Children are compared before their path is built: an unchanged entry of a large dict costs no string.
    private static bool Same(Value? before, Value? after) => before is not null && after is not null && before.Equals(after);

    private static void Walk(string path, Value? before, Value? after, List<StateChange> changes, int max, ref int total)
    {
        if (Same(before, after))
        {
            return;
        }
        switch (before, after)
        {
            case (Value.Record b, Value.Record a):
                WalkFields(path, b.Fields, a.Fields, changes, max, ref total);
                return;
            case (Value.Tagged b, Value.Tagged a) when b.Tag == a.Tag:
                WalkFields(path, b.Fields, a.Fields, changes, max, ref total);
                return;
            case (Value.Dict b, Value.Dict a):
                var afterByKey = a.Entries.ToDictionary(e => e.Key, e => e.Value);
                var beforeByKey = b.Entries.ToDictionary(e => e.Key, e => e.Value);
                foreach (var (key, value) in b.Entries)
                {
                    var now = afterByKey.GetValueOrDefault(key);
                    if (!Same(value, now))
                    {
                        // The whole key, so that the path opens in the state browser as printed.
                        Walk($"{path}[{key}]", value, now, changes, max, ref total);
                    }
                }
                foreach (var (key, value) in a.Entries.Where(e => !beforeByKey.ContainsKey(e.Key)))
                {
                    Walk($"{path}[{key}]", null, value, changes, max, ref total);
                }
                return;
            case (Value.List b, Value.List a):
                for (var i = 0; i < Math.Max(b.Items.Length, a.Items.Length); i++)
                {
                    var (was, now) = (i < b.Items.Length ? b.Items[i] : null, i < a.Items.Length ? a.Items[i] : null);
                    if (!Same(was, now))
                    {
                        Walk($"{path}[{i}]", was, now, changes, max, ref total);
                    }
                }
                return;
            default:
                if (++total <= max)
                {
                    changes.Add(new StateChange(path, Short(before), Short(after)));
                }
                return;
        }
    }

    private static void WalkFields(string path, ImmutableArray<Field> before, ImmutableArray<Field> after, List<StateChange> changes, int max, ref int total)
    {
        foreach (var field in before)
        {
            var now = Find(after, field.Name);
            if (!Same(field.Value, now))
            {
                Walk($"{path}.{field.Name}", field.Value, now, changes, max, ref total);
            }
        }
        foreach (var field in after.Where(f => !before.Any(b => b.Name == f.Name)))
        {
            Walk($"{path}.{field.Name}", null, field.Value, changes, max, ref total);
        }
    }

    private static Value? Find(ImmutableArray<Field> fields, string name)
    {
        foreach (var field in fields)
        {
            if (field.Name == name)
            {
                return field.Value;
            }
        }
        return null;
    }

    /// <summary>A value as the diff shows it: its text, cut at 80 characters; <c>(absent)</c> for none.</summary>
    public static string Short(Value? value)
    {
        if (value is null)
        {
            return "(absent)";
        }
        return value.Preview(MaxValueChars);
    }
}

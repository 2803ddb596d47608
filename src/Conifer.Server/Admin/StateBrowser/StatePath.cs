using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Conifer.Values;

namespace Conifer.Server.Admin.StateBrowser;

/// <summary>
/// A path into the state tree in the syntax lenient-check mismatches and dry-run diffs print
/// (docs/value-format.md): <c>$</c> is the root, <c>.Name</c> a field, <c>[3]</c> a list item,
/// <c>["root"]</c> the value under a dictionary key, any key written as its literal. A path copied
/// from a deploy report therefore opens the node it names.
/// </summary>
internal sealed record StatePath(ImmutableArray<StatePathSegment> Segments)
{
    /// <summary>The root, <c>$</c>.</summary>
    public static StatePath Root { get; } = new([]);

    /// <summary>Longest path text accepted; a request past it is refused before any parsing.</summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>Reads a path; whitespace around it is ignored, inside it only within key literals.</summary>
    public static StatePathParse Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (text.Length > MaxLength)
        {
            return new StatePathParse.Malformed($"The path is longer than {MaxLength} characters.");
        }
        if (!text.StartsWith('$'))
        {
            return new StatePathParse.Malformed("A path starts at the root '$', e.g. $.Users[\"root\"].Roles.");
        }
        var segments = ImmutableArray.CreateBuilder<StatePathSegment>();
        var at = 1;
        while (at < text.Length)
        {
            switch (text[at])
            {
                case '.':
                    var end = at + 1;
                    while (end < text.Length && text[end] is not ('.' or '['))
                    {
                        end++;
                    }
                    if (end == at + 1)
                    {
                        return new StatePathParse.Malformed($"A field name is missing after '.' at position {at}.");
                    }
                    segments.Add(new StatePathSegment.Field(text[(at + 1)..end]));
                    at = end;
                    break;
                case '[':
                    if (ClosingBracket(text, at) is not { } close)
                    {
                        return new StatePathParse.Malformed($"The '[' at position {at} is not closed by a matching ']'.");
                    }
                    var inner = text[(at + 1)..close];
                    if (inner.Length == 0)
                    {
                        return new StatePathParse.Malformed($"The brackets at position {at} are empty; write an index or a key literal.");
                    }
                    segments.Add(new StatePathSegment.Bracket(inner));
                    at = close + 1;
                    break;
                default:
                    return new StatePathParse.Malformed($"Expected '.' or '[' at position {at}, found '{text[at]}'.");
            }
        }
        return new StatePathParse.Parsed(new StatePath(segments.ToImmutable()));
    }

    /// <summary>The index of the ']' that closes the '[' at <paramref name="open"/>, skipping nested brackets and quoted strings.</summary>
    private static int? ClosingBracket(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '"':
                    // A key literal may hold any character, ']' included; skip to the closing quote.
                    for (i++; i < text.Length && text[i] != '"'; i++)
                    {
                        if (text[i] == '\\')
                        {
                            i++;
                        }
                    }
                    if (i >= text.Length)
                    {
                        return null;
                    }
                    break;
                case '[' or '{':
                    depth++;
                    break;
                case ']' or '}':
                    depth--;
                    if (depth == 0)
                    {
                        return text[i] == ']' ? i : null;
                    }
                    break;
                default:
                    break;
            }
        }
        return null;
    }

    /// <summary>Follows the path from <paramref name="root"/>.</summary>
    public StatePathResult Resolve(Value root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var node = root;
        var walked = "$";
        foreach (var segment in Segments)
        {
            var step = Step(node, segment, walked);
            if (step is not StatePathResult.Found found)
            {
                return step;
            }
            node = found.Node;
            walked += segment.ToString();
        }
        return new StatePathResult.Found(node);
    }

    private static StatePathResult Step(Value node, StatePathSegment segment, string at) => (node, segment) switch
    {
        (Value.Record record, StatePathSegment.Field field) => FieldOf(record.Fields, field.Name, at, "record"),
        (Value.Tagged tagged, StatePathSegment.Field field) => FieldOf(tagged.Fields, field.Name, at, $"Tagged \"{tagged.Tag}\""),
        (Value.List list, StatePathSegment.Bracket bracket) => ItemOf(list, bracket.Text, at),
        (Value.Dict dict, StatePathSegment.Bracket bracket) => EntryOf(dict, bracket.Text, at),
        (_, StatePathSegment.Field field) => new StatePathResult.Missing($"{at} is {Describe(node)}, which has no field '{field.Name}'."),
        (_, StatePathSegment.Bracket bracket) => new StatePathResult.Missing($"{at} is {Describe(node)}, which has no item [{bracket.Text}]."),
        _ => throw new InvalidOperationException($"{nameof(StatePath)}.{nameof(Step)}: unhandled segment {segment.GetType().Name}."),
    };

    private static StatePathResult FieldOf(ImmutableArray<Field> fields, string name, string at, string what)
    {
        foreach (var field in fields)
        {
            if (string.Equals(field.Name, name, StringComparison.Ordinal))
            {
                return new StatePathResult.Found(field.Value);
            }
        }
        var names = fields.IsEmpty ? "none" : string.Join(", ", fields.Take(20).Select(f => f.Name)) + (fields.Length > 20 ? ", …" : "");
        return new StatePathResult.Missing($"the {what} at {at} has no field '{name}' (its fields: {names}).");
    }

    private static StatePathResult ItemOf(Value.List list, string text, string at) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index < list.Items.Length
                ? new StatePathResult.Found(list.Items[index])
                : new StatePathResult.Missing($"the list at {at} has {list.Items.Length} item(s), so there is no item [{index}].")
            : new StatePathResult.Missing($"the list at {at} is indexed by a number from 0, not by [{text}].");

    private static StatePathResult EntryOf(Value.Dict dict, string text, string at)
    {
        // A string key is compared by value, so any valid JSON escaping of it finds the entry; any
        // other key by the literal that paths print for it.
        var stringKey = text.StartsWith('"') ? DecodeString(text) : null;
        foreach (var (key, value) in dict.Entries)
        {
            if (stringKey is not null
                ? key is Value.String s && string.Equals(s.Value, stringKey, StringComparison.Ordinal)
                : key is not Value.String && string.Equals(key.ToString(), text, StringComparison.Ordinal))
            {
                return new StatePathResult.Found(value);
            }
        }
        return new StatePathResult.Missing($"the dict at {at} ({dict.Entries.Length} entries) has no key {text}.");
    }

    private static string? DecodeString(string literal)
    {
        try
        {
            return JsonSerializer.Deserialize<string>(literal);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(Value node) => node switch
    {
        Value.Tagged tagged => $"Tagged \"{tagged.Tag}\"",
        Value.Null => "null",
        _ => node.Kind.ToString().ToLowerInvariant() is var kind && "aeiou".Contains(kind[0], StringComparison.Ordinal) ? "an " + kind : "a " + kind,
    };

    /// <summary>The path one step further down.</summary>
    public StatePath Append(StatePathSegment segment) => new(Segments.Add(segment));

    /// <inheritdoc />
    public override string ToString() => "$" + string.Concat(Segments.Select(s => s.ToString()));
}

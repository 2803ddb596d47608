using System.Collections.Immutable;
using Conifer.Values;

namespace Conifer.Server.Admin.StateBrowser;

/// <summary>Builds a <see cref="StateNode"/>: the node, and the page of children an answer holds.</summary>
internal static class StateNodeView
{
    /// <summary>How much of a scalar's value the node itself shows.</summary>
    public const int MaxValueChars = 64 * 1024;

    /// <summary>How much of a child's value its row shows.</summary>
    public const int PreviewChars = 120;

    /// <summary>How much of a dictionary key its row's label shows (the path always holds the whole key).</summary>
    public const int LabelChars = 80;

    public static StateNode Of(StatePath path, Value node, string? versionId, int offset, int limit)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(node);
        var children = ImmutableArray.CreateBuilder<StateNodeChild>();
        var count = CountOf(node);
        for (var i = offset; i < Math.Min(count ?? 0, (long)offset + limit); i++)
        {
            var (segment, label, child) = ChildAt(node, i);
            children.Add(new StateNodeChild(label, path.Append(segment).ToString(), child.Kind, (child as Value.Tagged)?.Tag, CountOf(child), child.Preview(PreviewChars)));
        }
        return new StateNode(path.ToString(), versionId, node.Kind, (node as Value.Tagged)?.Tag, count, offset, limit,
            count is null ? node.Preview(MaxValueChars) : null, children.ToImmutable());
    }

    /// <summary>Fields, items or entries; null for a scalar, which has no children.</summary>
    public static int? CountOf(Value node) => node switch
    {
        Value.Record record => record.Fields.Length,
        Value.Tagged tagged => tagged.Fields.Length,
        Value.List list => list.Items.Length,
        Value.Dict dict => dict.Entries.Length,
        Value.Null or Value.Bool or Value.Int or Value.Float or Value.Decimal or Value.String or Value.Bytes => null,
        _ => throw new InvalidOperationException($"{nameof(StateNodeView)}.{nameof(CountOf)}: unhandled value {node.GetType().Name}."),
    };

    private static (StatePathSegment Segment, string Label, Value Child) ChildAt(Value node, int index)
    {
        switch (node)
        {
            case Value.Record record:
                return (new StatePathSegment.Field(record.Fields[index].Name), record.Fields[index].Name, record.Fields[index].Value);
            case Value.Tagged tagged:
                return (new StatePathSegment.Field(tagged.Fields[index].Name), tagged.Fields[index].Name, tagged.Fields[index].Value);
            case Value.List list:
                var text = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return (new StatePathSegment.Bracket(text), text, list.Items[index]);
            case Value.Dict dict:
                var (key, value) = dict.Entries[index];
                return (new StatePathSegment.Bracket(key.ToString()), key.Preview(LabelChars), value);
            default:
                throw new InvalidOperationException($"{nameof(StateNodeView)}.{nameof(ChildAt)}: a {node.Kind} has no children.");
        }
    }
}

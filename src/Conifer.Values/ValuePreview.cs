using System.Collections.Immutable;
using System.Text;

namespace Conifer.Values;

/// <summary>
/// A one-line text of a value, cut at a number of characters, in the form <see cref="Value.ToString"/>
/// prints. It stops walking as soon as the text is long enough, so previewing a node with a million
/// entries reads a handful of them, not all.
/// </summary>
internal static class ValuePreview
{
    public static string Of(Value value, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = new StringBuilder();
        Write(value, text, maxChars + 1);
        return text.Length <= maxChars ? text.ToString() : text.ToString(0, maxChars - 1) + "…";
    }

    private static void Write(Value value, StringBuilder text, int budget)
    {
        if (text.Length >= budget)
        {
            return;
        }
        switch (value)
        {
            case Value.Null or Value.Bool or Value.Int or Value.Float or Value.Decimal or Value.Bytes:
                text.Append(value.ToString());
                break;
            case Value.String s:
                // Only the part that can show is quoted, so a megabyte string costs what the preview shows.
                var room = budget - text.Length;
                text.Append(s.Value.Length <= room ? s.ToString() : new Value.String(s.Value[..room]).ToString());
                break;
            case Value.Record record:
                text.Append('{');
                Fields(record.Fields, text, budget);
                text.Append('}');
                break;
            case Value.Tagged tagged:
                text.Append(tagged.Tag);
                if (!tagged.Fields.IsEmpty)
                {
                    text.Append(" {");
                    Fields(tagged.Fields, text, budget);
                    text.Append('}');
                }
                break;
            case Value.List list:
                text.Append('[');
                for (var i = 0; i < list.Items.Length && text.Length < budget; i++)
                {
                    text.Append(i == 0 ? "" : ", ");
                    Write(list.Items[i], text, budget);
                }
                text.Append(']');
                break;
            case Value.Dict dict:
                text.Append('{');
                for (var i = 0; i < dict.Entries.Length && text.Length < budget; i++)
                {
                    text.Append(i == 0 ? "" : ", ");
                    Write(dict.Entries[i].Key, text, budget);
                    text.Append(" => ");
                    Write(dict.Entries[i].Value, text, budget);
                }
                text.Append('}');
                break;
            default:
                throw new InvalidOperationException($"{nameof(ValuePreview)}.{nameof(Write)}: unhandled value {value.GetType().Name}.");
        }
    }

    private static void Fields(ImmutableArray<Field> fields, StringBuilder text, int budget)
    {
        for (var i = 0; i < fields.Length && text.Length < budget; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(fields[i].Name).Append(": ");
            Write(fields[i].Value, text, budget);
        }
    }
}

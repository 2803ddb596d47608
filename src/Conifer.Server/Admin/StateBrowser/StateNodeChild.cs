using Conifer.Values;

namespace Conifer.Server.Admin.StateBrowser;

/// <summary>One child as the state browser lists it: enough to draw a row and to open it with its own path.</summary>
/// <param name="Label">The field name, the list index, or the dictionary key's literal (cut for display).</param>
/// <param name="Path">The child's full path, to pass back as <c>?path=</c>.</param>
/// <param name="Kind">The child's node kind.</param>
/// <param name="Tag">The union case or enum member, for a tagged child.</param>
/// <param name="Count">How many children the child has (fields, items or entries); null for a scalar.</param>
/// <param name="Preview">A one-line text of the child's value, cut short.</param>
internal sealed record StateNodeChild(string Label, string Path, ValueKind Kind, string? Tag, int? Count, string Preview);

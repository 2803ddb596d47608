using System.Collections.Immutable;
using Conifer.Values;

namespace Conifer.Server.Admin.StateBrowser;

/// <summary>
/// One level of the state tree, the answer of <c>GET /api/state/node</c>: the node itself and one page
/// of its children, so that a browser can open a large state a level and a page at a time.
/// </summary>
/// <param name="Path">The node's path, normalised.</param>
/// <param name="VersionId">The app version whose state this is.</param>
/// <param name="Kind">The node kind.</param>
/// <param name="Tag">The union case or enum member, for a tagged node.</param>
/// <param name="Count">How many children the node has; null for a scalar.</param>
/// <param name="Offset">The index of the first child returned.</param>
/// <param name="Limit">The most children one answer returns.</param>
/// <param name="Value">A scalar's value as text (strings quoted), cut past <see cref="StateNodeView.MaxValueChars"/>; null for containers.</param>
/// <param name="Children">The children from <paramref name="Offset"/>, at most <paramref name="Limit"/>.</param>
internal sealed record StateNode(
    string Path,
    string? VersionId,
    ValueKind Kind,
    string? Tag,
    int? Count,
    int Offset,
    int Limit,
    string? Value,
    ImmutableArray<StateNodeChild> Children);

using Conifer.Values;

namespace Conifer.Server.Admin.StateBrowser;

/// <summary>Where a <see cref="StatePath"/> leads in a state tree: the node, or why there is none.</summary>
internal abstract record StatePathResult
{
    private StatePathResult()
    {
    }

    /// <summary>The node the path names.</summary>
    public sealed record Found(Value Node) : StatePathResult;

    /// <summary>The path leaves the tree; the reason names the deepest node that exists and what it lacks.</summary>
    public sealed record Missing(string Reason) : StatePathResult;
}

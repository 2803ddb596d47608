namespace Conifer.Runtime.Admin;

/// <summary>One path at which two state trees differ (<see cref="StateDiff"/>).</summary>
/// <param name="Path">Where: <c>$</c> is the root, <c>.Name</c> a field, <c>[3]</c> a list item, <c>["key"]</c> a dict entry.</param>
/// <param name="Before">The first tree's value there, shortened; <c>(absent)</c> when it has none.</param>
/// <param name="After">The second tree's value there, shortened; <c>(absent)</c> when it has none.</param>
public sealed record StateChange(string Path, string Before, string After)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Path}: {Before} → {After}";
}

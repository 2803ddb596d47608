namespace Conifer.Server.Admin.StateBrowser;

/// <summary>One step of a <see cref="StatePath"/>: a field by name, or a bracketed list index or dictionary key.</summary>
/// <remarks>A closed union: every case is nested here.</remarks>
internal abstract record StatePathSegment
{
    private StatePathSegment()
    {
    }

    /// <summary><c>.Name</c>: a record field or a union case's field.</summary>
    public sealed record Field(string Name) : StatePathSegment
    {
        public override string ToString() => "." + Name;
    }

    /// <summary>
    /// <c>[…]</c>: a list index (<c>[3]</c>) or the value under a dictionary key, the key written as a
    /// literal the way mismatches and diffs show it (<c>["root"]</c>, <c>[42]</c>, <c>[{X: 1, Y: 2}]</c>).
    /// Which one it is depends on the node it is applied to.
    /// </summary>
    public sealed record Bracket(string Text) : StatePathSegment
    {
        public override string ToString() => "[" + Text + "]";
    }
}

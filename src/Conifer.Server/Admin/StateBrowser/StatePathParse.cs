namespace Conifer.Server.Admin.StateBrowser;

/// <summary>The outcome of reading a path from a request: the path, or what is wrong with the text.</summary>
internal abstract record StatePathParse
{
    private StatePathParse()
    {
    }

    /// <summary>A well-formed path.</summary>
    public sealed record Parsed(StatePath Path) : StatePathParse;

    /// <summary>Text that is not a path; the reason names the character position.</summary>
    public sealed record Malformed(string Reason) : StatePathParse;
}

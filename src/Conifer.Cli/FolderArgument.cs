namespace Conifer.Cli;

/// <summary>Checks a path the user gave where a folder is expected, with the message that says what is wrong.</summary>
internal static class FolderArgument
{
    /// <summary>Null when <paramref name="path"/> is an existing folder; else the line to print (a file, or nothing there).</summary>
    /// <param name="command">The command's name after <c>conifer</c>, for the message.</param>
    /// <param name="what">What the folder is, e.g. "source folder" or "store directory".</param>
    /// <param name="path">The path as given.</param>
    public static string? Problem(string command, string what, string path)
    {
        if (Directory.Exists(path))
        {
            return null;
        }
        return File.Exists(path)
            ? $"conifer {command}: '{path}' is a file; the {what} must be a folder."
            : $"conifer {command}: the {what} '{path}' does not exist.";
    }
}

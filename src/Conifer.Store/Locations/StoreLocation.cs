namespace Conifer.Store.Locations;

/// <summary>
/// Where a process store is, as a person writes it after <c>--process-store</c>: a folder path, or a
/// <c>postgresql://user@host:port/db?app=NAME</c> URI (DESIGN §8).
/// </summary>
public abstract record StoreLocation
{
    private protected StoreLocation()
    {
    }

    /// <summary>Reads a location: a <c>postgresql://</c> or <c>postgres://</c> URI, else a folder path.</summary>
    /// <exception cref="FormatException">A database URI that cannot be used; the message says what is wrong.</exception>
    public static StoreLocation Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return DatabaseLocation.IsDatabaseUri(text) ? DatabaseLocation.ParseUri(text) : new FolderLocation(Path.GetFullPath(text));
    }

    /// <summary>Whether <paramref name="text"/> names a database rather than a folder.</summary>
    public static bool IsDatabase(string text) => DatabaseLocation.IsDatabaseUri(text);

    /// <summary>The location as it is shown to people (a database URI without its password).</summary>
    public abstract string Display { get; }

    /// <inheritdoc/>
    public sealed override string ToString() => Display;
}

/// <summary>The embedded store: a folder.</summary>
/// <param name="Directory">The folder's full path.</param>
public sealed record FolderLocation(string Directory) : StoreLocation
{
    /// <inheritdoc/>
    public override string Display => Directory;
}

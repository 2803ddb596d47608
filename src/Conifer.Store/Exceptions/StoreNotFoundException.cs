namespace Conifer.Store.Exceptions;

/// <summary>There is no process store at the location given (a missing folder, or no such app in the database).</summary>
public sealed class StoreNotFoundException(string location, string detail)
    : Exception($"There is no process store at '{location}': {detail}")
{
    /// <summary>The location, for people.</summary>
    public string Location { get; } = location;
}

namespace Conifer.Store;

/// <summary>
/// Where deploy reports are kept beside a store: a <c>reports/</c> folder, or a table of the database. Reports are
/// informational JSON documents, one per deploy attempt, named by the report's id; the log never depends on them.
/// </summary>
public interface IReportShelf
{
    /// <summary>Stores (or replaces) the document <paramref name="id"/> whole: a reader never sees half of it.</summary>
    void Save(string id, string json);

    /// <summary>The document <paramref name="id"/>, or null when there is none.</summary>
    string? Find(string id);

    /// <summary>Every document, in no particular order.</summary>
    IReadOnlyList<string> All();

    /// <summary>Removes what an interrupted save left behind (run when the store is opened).</summary>
    void SweepTemporaryFiles();
}

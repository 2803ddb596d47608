namespace Conifer.Store.Reports;

/// <summary>
/// Deploy reports in a store folder's <c>reports/</c> folder, one <c>ID.json</c> file each, written to a temp file
/// and renamed so that a reader never sees half a report.
/// </summary>
/// <param name="storeDirectory">The store folder (the reports go in its <c>reports/</c> folder).</param>
public sealed class FolderReportShelf(string storeDirectory) : IReportShelf
{
    private readonly string _directory = Path.Combine(storeDirectory, "reports");

    /// <inheritdoc/>
    public void Save(string id, string json)
    {
        CheckId(id);
        Directory.CreateDirectory(_directory);
        var path = PathOf(id);
        var temp = path + ".tmp";
        try
        {
            File.WriteAllText(temp, json);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full disk leaves no half-written report behind.
            TryDelete(temp);
            throw;
        }
    }

    /// <inheritdoc/>
    public string? Find(string id)
    {
        if (!IsId(id))
        {
            return null;
        }

        try
        {
            return File.ReadAllText(PathOf(id));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> All()
    {
        if (!Directory.Exists(_directory))
        {
            return [];
        }

        var documents = new List<string>();
        foreach (var file in Directory.EnumerateFiles(_directory, "*.json"))
        {
            try
            {
                documents.Add(File.ReadAllText(file));
            }
            catch (IOException)
            {
                // Deleted or unreadable meanwhile: reports are informational, the rest still list.
            }
        }

        return documents;
    }

    /// <inheritdoc/>
    public void SweepTemporaryFiles()
    {
        if (!Directory.Exists(_directory))
        {
            return;
        }

        foreach (var temp in Directory.EnumerateFiles(_directory, "*.tmp"))
        {
            TryDelete(temp);
        }
    }

    /// <summary>Whether <paramref name="id"/> can name a report (letters, digits, '-' and '_').</summary>
    public static bool IsId(string id) => id.Length > 0 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static void CheckId(string id)
    {
        if (!IsId(id))
        {
            throw new ArgumentException($"'{id}' cannot name a report: use letters, digits, '-' and '_'.", nameof(id));
        }
    }

    private string PathOf(string id) => Path.Combine(_directory, id + ".json");

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the next open sweeps it.
        }
    }
}

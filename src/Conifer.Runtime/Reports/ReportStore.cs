using System.Text.Json;

namespace Conifer.Runtime.Reports;

/// <summary>
/// Deploy reports kept beside the log in the store's <c>reports/</c> folder, one JSON file per
/// attempt. They are informational: the log and snapshots never depend on them, so a rejected
/// deploy leaves those byte-for-byte unchanged while its report is still kept.
/// </summary>
public sealed class ReportStore(string storeDirectory)
{
    private readonly string _directory = Path.Combine(storeDirectory, "reports");

    /// <summary>Writes a report (temp file, then rename, so a reader never sees half a report).</summary>
    public void Save(DeployReport report)
    {
        Directory.CreateDirectory(_directory);
        var path = PathOf(report.Id);
        var temp = path + ".tmp";
        try
        {
            File.WriteAllText(temp, ReportJson.Write(report));
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full disk leaves no half-written report behind.
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Deletes temp files a crash or a full disk left in the reports folder (run when the store is opened).</summary>
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

    /// <summary>
    /// Copies every report into the <c>reports/</c> folder of the store copy at <paramref name="destinationStoreDirectory"/>
    /// (a backup or <c>store copy</c>), so that the copy's history still lists its deploys.
    /// </summary>
    public void CopyTo(string destinationStoreDirectory)
    {
        if (!Directory.Exists(_directory))
        {
            return;
        }
        var target = Directory.CreateDirectory(Path.Combine(destinationStoreDirectory, "reports"));
        foreach (var file in Directory.EnumerateFiles(_directory, "*.json"))
        {
            File.Copy(file, Path.Combine(target.FullName, Path.GetFileName(file)));
        }
    }

    /// <summary>One report by id, or null.</summary>
    public DeployReport? Find(string id)
    {
        if (id.Length == 0 || id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return null;
        }
        var path = PathOf(id);
        return File.Exists(path) ? ReadQuietly(path) : null;
    }

    /// <summary>Every report, oldest first.</summary>
    public IReadOnlyList<DeployReport> All()
    {
        if (!Directory.Exists(_directory))
        {
            return [];
        }
        return [.. Directory.EnumerateFiles(_directory, "*.json")
            .Select(ReadQuietly)
            .OfType<DeployReport>()
            .OrderBy(r => r.BeganAt)
            .ThenBy(r => r.Id, StringComparer.Ordinal)];
    }

    private string PathOf(string id) => Path.Combine(_directory, id + ".json");

    private static DeployReport? ReadQuietly(string path)
    {
        try
        {
            return ReportJson.Read(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }
}

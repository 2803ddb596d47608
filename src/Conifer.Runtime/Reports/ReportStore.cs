using System.Text.Json;
using Conifer.Store;

namespace Conifer.Runtime.Reports;

/// <summary>
/// The deploy reports kept with a store, one JSON document per attempt, on the store's <see cref="IReportShelf"/>
/// (a folder's <c>reports/</c> files, or a table of the database). They are informational: the log and snapshots
/// never depend on them, so a rejected deploy leaves those byte-for-byte unchanged while its report is still kept.
/// </summary>
public sealed class ReportStore(IReportShelf shelf)
{
    /// <summary>The reports of the store folder <paramref name="storeDirectory"/> (its <c>reports/</c> folder).</summary>
    public ReportStore(string storeDirectory)
        : this(new Conifer.Store.Reports.FolderReportShelf(storeDirectory))
    {
    }

    /// <summary>Where the reports are kept.</summary>
    public IReportShelf Shelf { get; } = shelf;

    /// <summary>Keeps a report whole (a reader never sees half of it), replacing one with the same id.</summary>
    public void Save(DeployReport report) => Shelf.Save(report.Id, ReportJson.Write(report));

    /// <summary>Removes what a crash or a full disk left half-written (run when the store is opened).</summary>
    public void SweepTemporaryFiles() => Shelf.SweepTemporaryFiles();

    /// <summary>
    /// Copies every report onto <paramref name="destination"/>, the shelf of a store copy (a backup or
    /// <c>store copy</c>), so that the copy's history still lists its deploys.
    /// </summary>
    public void CopyTo(IReportShelf destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        foreach (var document in Shelf.All())
        {
            if (Parse(document) is { Id.Length: > 0 } report)
            {
                destination.Save(report.Id, document);
            }
        }
    }

    /// <summary>Copies every report into the <c>reports/</c> folder of the store folder <paramref name="destinationStoreDirectory"/>.</summary>
    public void CopyTo(string destinationStoreDirectory) => CopyTo(new Conifer.Store.Reports.FolderReportShelf(destinationStoreDirectory));

    /// <summary>One report by id, or null.</summary>
    public DeployReport? Find(string id) => Shelf.Find(id) is { } document ? Parse(document) : null;

    /// <summary>Every report, oldest first.</summary>
    public IReadOnlyList<DeployReport> All() =>
        [.. Shelf.All()
            .Select(Parse)
            .OfType<DeployReport>()
            .OrderBy(r => r.BeganAt)
            .ThenBy(r => r.Id, StringComparer.Ordinal)];

    private static DeployReport? Parse(string document)
    {
        try
        {
            return ReportJson.Read(document);
        }
        catch (JsonException)
        {
            // Reports are informational: a damaged one is left out, the rest still list.
            return null;
        }
    }
}

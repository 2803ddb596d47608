using Conifer.Runtime.Rehearsal;
using Conifer.Store;
using Conifer.Store.Reports;

namespace Conifer.Runtime.Stores;

/// <summary>A store folder opened to read: its records as a restart would find them, its blobs, reports and compiled cache.</summary>
internal sealed class FolderStoreView : IStoreView
{
    private FolderStoreView(string directory, RecoveryResult recovery)
    {
        Location = directory;
        Recovery = recovery;
        Blobs = new ReadOnlyBlobStore(directory, recovery);
        Reports = new FolderReportShelf(directory);
        CompiledCacheDirectory = Path.Combine(directory, "compiled");
    }

    public RecoveryResult Recovery { get; }

    public IProcessStore Blobs { get; }

    public IReportShelf Reports { get; }

    public string? CompiledCacheDirectory { get; }

    public string Location { get; }

    /// <exception cref="DirectoryNotFoundException">There is no store there.</exception>
    public static FolderStoreView Open(string directory, RecoveryStart start, IProgress<StoreProgress>? progress)
    {
        var full = Path.GetFullPath(directory);
        return new FolderStoreView(full, FileProcessStore.OpenReadOnly(full, progress: progress, start: start));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

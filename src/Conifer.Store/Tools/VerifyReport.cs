namespace Conifer.Store.Tools;

/// <summary>The result of walking every checksum and chain link of a store.</summary>
/// <param name="Problems">Everything found wrong, in file order; empty for a sound store.</param>
/// <param name="Segments">Log segment files read.</param>
/// <param name="Records">Valid records read.</param>
/// <param name="Snapshots">Snapshot files checked.</param>
/// <param name="Blobs">Blob files checked.</param>
public sealed record VerifyReport(IReadOnlyList<StoreProblem> Problems, int Segments, long Records, int Snapshots, int Blobs)
{
    /// <summary>Whether nothing is wrong.</summary>
    public bool IsClean => Problems.Count == 0;
}

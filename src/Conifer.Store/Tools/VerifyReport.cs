namespace Conifer.Store.Tools;

/// <summary>The result of walking every checksum and chain link of a store.</summary>
/// <param name="Problems">Damage found, in file order; empty for a sound store. A torn tail is not damage (see <see cref="TornTail"/>).</param>
/// <param name="Segments">Log segment files read.</param>
/// <param name="Records">Valid records read.</param>
/// <param name="Snapshots">Snapshot files checked.</param>
/// <param name="Blobs">Blob files checked.</param>
/// <param name="TornTail">A torn last batch (or unfinished last segment) that the next writable open will cut and report, or null.</param>
/// <param name="Leftovers">Files that are not damage but no open uses: temp files of an interrupted write, snapshot files no retained record references.</param>
/// <param name="BlobReferencesChecked">Blob names found in records and snapshots and checked for presence; null when no <see cref="IBlobReferences"/> was given.</param>
public sealed record VerifyReport(
    IReadOnlyList<StoreProblem> Problems,
    int Segments,
    long Records,
    int Snapshots,
    int Blobs,
    TailRepair? TornTail,
    IReadOnlyList<string> Leftovers,
    int? BlobReferencesChecked)
{
    /// <summary>Whether no damage was found (a torn tail and leftovers are allowed: an open handles them).</summary>
    public bool IsClean => Problems.Count == 0;
}

namespace Conifer.Store;

/// <summary>Which record kinds a caller may append (every store checks the same).</summary>
internal static class RecordKinds
{
    /// <summary>Refuses the kinds a store writes itself and the never-valid kind 0.</summary>
    public static void CheckAppendable(RecordKind kind)
    {
        if (kind is RecordKind.Truncate or RecordKind.SnapshotReference || (ushort)kind == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "The store writes truncate and snapshot-reference records itself; kind 0 is never valid.");
        }
    }
}

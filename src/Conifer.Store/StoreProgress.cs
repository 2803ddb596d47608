namespace Conifer.Store;

/// <summary>One progress report of a long store operation, for a progress bar.</summary>
/// <param name="Phase">Which step is running.</param>
/// <param name="BytesDone">Bytes processed so far in this phase.</param>
/// <param name="BytesTotal">Bytes this phase will process in all (known up front from file sizes).</param>
/// <param name="RecordsDone">Log records processed so far in this phase (0 for phases that do not read records).</param>
public readonly record struct StoreProgress(StorePhase Phase, long BytesDone, long BytesTotal, long RecordsDone);

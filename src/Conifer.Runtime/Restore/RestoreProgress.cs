namespace Conifer.Runtime.Restore;

/// <summary>How far a restore has come, for the admin page and the CLI's progress bar.</summary>
/// <param name="Phase">opening-store, loading-snapshot, replaying, ready.</param>
/// <param name="RecordsDone">Log records replayed so far.</param>
/// <param name="RecordsTotal">Log records to replay.</param>
public sealed record RestoreProgress(string Phase, long RecordsDone, long RecordsTotal);

namespace Conifer.Runtime.Verification;

/// <summary>What <see cref="OtherEnvironmentReplay"/> found: the same log replayed here and in a process set up like another machine.</summary>
/// <param name="Environment">The variables the other process ran with.</param>
/// <param name="RecordsCompared">Records whose states both replays reached and compared, up to the first difference.</param>
/// <param name="Here">The first record whose state differs, as this process replayed it; null when none differs.</param>
/// <param name="There">The same record as the other process replayed it (null when it did not reach it).</param>
/// <param name="OtherReplay">The other process's own check of the store's checkpoints; null when it could not replay.</param>
/// <param name="OtherError">Why the other process could not replay; null when it could.</param>
public sealed record OtherEnvironmentReport(
    IReadOnlyDictionary<string, string> Environment,
    long RecordsCompared,
    RecordState? Here,
    RecordState? There,
    ReplayReport? OtherReplay,
    string? OtherError)
{
    /// <summary>Whether every record gave the same state in both processes and the other one matched the store's checkpoints.</summary>
    public bool Matches => Here is null && There is null && OtherError is null && OtherReplay is { Matches: true };
}

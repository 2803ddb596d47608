using Conifer.Store;

namespace Conifer.Runtime.Verification;

/// <summary>
/// Where a replay first differs from the store: the checkpoint that did not match (or the record that could not be
/// replayed), and the first differing path in the state with both values.
/// </summary>
/// <param name="Checkpoint">Where the difference shows: a snapshot, a deploy's state, a record that no longer replays, or the start snapshot.</param>
/// <param name="Sequence">The record at which the difference shows: the last record a snapshot covers, the deploy record, or the record that failed; for <see cref="ReplayCheckpoint.Start"/>, the start snapshot's sequence.</param>
/// <param name="Kind">That record's kind; null for <see cref="ReplayCheckpoint.Start"/>.</param>
/// <param name="VersionId">The app version that record ran under; null before any deploy.</param>
/// <param name="SinceSequence">The first record after the last checkpoint that matched: the divergence arose in records
/// <paramref name="SinceSequence"/>..<paramref name="Sequence"/>.</param>
/// <param name="Path">The first differing path: <c>$…</c> in the app's state, <c>timers["id"]</c> or <c>version</c>; null when there is no state to compare.</param>
/// <param name="Stored">The value the store holds at <paramref name="Path"/>.</param>
/// <param name="Replayed">The value the replay computed at <paramref name="Path"/>.</param>
/// <param name="Message">What differs, in words.</param>
public sealed record ReplayDivergence(
    ReplayCheckpoint Checkpoint,
    long Sequence,
    RecordKind? Kind,
    string? VersionId,
    long SinceSequence,
    string? Path,
    string? Stored,
    string? Replayed,
    string Message)
{
    /// <inheritdoc/>
    public override string ToString() => Path is null
        ? Message
        : $"{Message} First differing path {Path}: stored {Stored}, replayed {Replayed}.";
}

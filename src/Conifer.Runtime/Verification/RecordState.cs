using Conifer.Store;

namespace Conifer.Runtime.Verification;

/// <summary>The state a replay reached after one record: its sequence and kind, and a hash of the version, the app's state and the pending timers.</summary>
/// <param name="Sequence">The record.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="StateHash">Lower-case hex SHA-256 of the version id, the encoded state and the timers after the record.</param>
public sealed record RecordState(long Sequence, RecordKind Kind, string StateHash);

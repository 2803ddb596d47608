using System.Collections.Immutable;

namespace Conifer.Runtime.Log;

/// <summary>
/// What a snapshot says about the state that follows it: which version the state belongs to, and
/// the timers pending at that point (they are part of the process, not of the app's state).
/// </summary>
/// <param name="VersionId">The app version the state was made under.</param>
/// <param name="SourceBlob">The blob holding that version's source files.</param>
/// <param name="Timers">Pending timers: id to due time (POSIX milliseconds).</param>
public sealed record SnapshotHeader(string VersionId, string SourceBlob, ImmutableSortedDictionary<string, long> Timers);

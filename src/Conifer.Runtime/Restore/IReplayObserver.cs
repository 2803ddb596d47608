using Conifer.Runtime.Writer;
using Conifer.Store;

namespace Conifer.Runtime.Restore;

/// <summary>
/// Watches a <see cref="Restorer"/> replay record by record, so that a check of the log (<c>store verify --replay</c>)
/// runs the very replay a restart runs instead of a second copy of it.
/// </summary>
internal interface IReplayObserver
{
    /// <summary>Called after <paramref name="record"/> was applied; false stops the replay there.</summary>
    ValueTask<bool> AppliedAsync(LogRecord record, ProcessState before, ProcessState after);

    /// <summary>
    /// Called when <paramref name="record"/> (or, when null, the snapshot the replay starts from) could not be
    /// replayed; false stops the replay there, true goes on as a restart does (a later deploy may mend it).
    /// </summary>
    bool Failed(LogRecord? record, ProcessState before, ProcessRestoreException error);
}

using Conifer.Runtime;
using Conifer.Runtime.Replication;
using Conifer.Runtime.Restore;

namespace Conifer.Server;

/// <summary>
/// The admin interface's view of the hosted process: it exists before the process is restored
/// (to show progress), after a failed restore (to say why), while the server is a standby (to show
/// how far behind the primary it is) and after it lost its lease (to serve nothing).
/// </summary>
public sealed class ProcessHolder
{
    private volatile LiveProcess? _process;
    private volatile Func<ReplicationStatus>? _standby;
    private string? _fenced;

    /// <summary>When the server started.</summary>
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    private ProcessStatus _status = ProcessStatus.Restoring;
    private string? _error;

    /// <summary>The current status: failed also while an open process could not replay its history.</summary>
    public ProcessStatus Status => Volatile.Read(ref _fenced) is not null ? ProcessStatus.Fenced
        : _process is { RestoreError: not null } ? ProcessStatus.Failed
        : _standby is not null ? ProcessStatus.Standby
        : _status;

    /// <summary>Primary, or standby until this server takes over.</summary>
    public ProcessRole Role => _standby is not null ? ProcessRole.Standby : ProcessRole.Primary;

    /// <summary>The role, epoch and lag: the standby's, the primary's, or a standalone primary's without epoch.</summary>
    public ReplicationStatus? Replication => _standby?.Invoke() ?? _process?.Replication;

    /// <summary>The newest restore progress report.</summary>
    public RestoreProgress? Progress { get; private set; }

    /// <summary>Why the restore failed or why the process was fenced, when it was.</summary>
    public string? Error => Volatile.Read(ref _fenced) ?? _process?.RestoreError ?? _error;

    /// <summary>The process, once restored; null on a standby and once fenced, so that nothing is served from it.</summary>
    public LiveProcess? Process => Volatile.Read(ref _fenced) is null ? _process : null;

    internal IProgress<RestoreProgress> ProgressSink => new ProgressRecorder(this);

    internal void SetReady(LiveProcess process)
    {
        _process = process;
        _error = null;
        _standby = null;
        _status = ProcessStatus.Ready;
    }

    internal void SetFailed(string error)
    {
        _process = null;
        _error = error;
        _status = ProcessStatus.Failed;
    }

    internal void SetRestoring()
    {
        _process = null;
        _status = ProcessStatus.Restoring;
    }

    /// <summary>Shows the server as a standby, with its replication status read on demand.</summary>
    internal void SetStandby(Func<ReplicationStatus> status)
    {
        _process = null;
        _standby = status;
    }

    /// <summary>
    /// Stops serving at once: from here on the public app and every admin route that needs the process answer
    /// 503, whatever the process still holds. Never undone: a fenced process exits.
    /// </summary>
    internal void SetFenced(string reason) => Interlocked.CompareExchange(ref _fenced, reason, null);

    private sealed class ProgressRecorder(ProcessHolder holder) : IProgress<RestoreProgress>
    {
        public void Report(RestoreProgress value) => holder.Progress = value;
    }
}

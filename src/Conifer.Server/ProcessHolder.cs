using Conifer.Runtime;
using Conifer.Runtime.Restore;

namespace Conifer.Server;

/// <summary>
/// The admin interface's view of the hosted process: it exists before the process is restored
/// (to show progress) and after a failed restore (to say why).
/// </summary>
public sealed class ProcessHolder
{
    private volatile LiveProcess? _process;

    /// <summary>When the server started.</summary>
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    private ProcessStatus _status = ProcessStatus.Restoring;
    private string? _error;

    /// <summary>The current status: failed also while an open process could not replay its history.</summary>
    public ProcessStatus Status => _process is { RestoreError: not null } ? ProcessStatus.Failed : _status;

    /// <summary>The newest restore progress report.</summary>
    public RestoreProgress? Progress { get; private set; }

    /// <summary>Why the restore failed, when it did.</summary>
    public string? Error => _process?.RestoreError ?? _error;

    /// <summary>The process, once restored.</summary>
    public LiveProcess? Process => _process;

    internal IProgress<RestoreProgress> ProgressSink => new ProgressRecorder(this);

    internal void SetReady(LiveProcess process)
    {
        _process = process;
        _error = null;
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

    private sealed class ProgressRecorder(ProcessHolder holder) : IProgress<RestoreProgress>
    {
        public void Report(RestoreProgress value) => holder.Progress = value;
    }
}

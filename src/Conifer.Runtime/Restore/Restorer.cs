using System.Buffers.Binary;
using Conifer.App.Metering;
using Conifer.Runtime.Admin;
using Conifer.Runtime.Log;
using Conifer.Runtime.Versions;
using Conifer.Runtime.Writer;
using Conifer.Store;
using Conifer.Values.Lenient;

namespace Conifer.Runtime.Restore;

/// <summary>
/// Rebuilds the process from the store: the newest valid snapshot, then every later record with
/// the app version it was made under. Deploy records name the state they produced, so a restart
/// never runs a migration again. An <see cref="IReplayObserver"/> sees every record applied and
/// every failure, and may stop the replay (<c>store verify --replay</c> checks its checkpoints so).
/// App code runs under a <see cref="ReplayBound"/> per record, so that no record can keep the
/// restore from ending; cancelling stops it between records and inside one.
/// </summary>
internal sealed class Restorer(
    IProcessStore store, VersionLoader versions, IProgress<RestoreProgress>? progress, IReplayObserver? observer = null,
    ReplayBound? bound = null, CancellationToken cancellationToken = default)
{
    private readonly ReplayBound _bound = bound ?? ReplayBound.Default;

    private const int ProgressEvery = 10_000;

    public async Task<ProcessState> RestoreAsync(RecoveryResult recovery)
    {
        var state = ProcessState.Empty;
        // A deploy record is a complete checkpoint (it names the state it produced and the pending
        // timers), so a record that cannot be replayed only matters when no deploy follows it:
        // that is how a broken history is mended, by deploying a fix (--init-app-state).
        ProcessRestoreException? broken = null;
        if (recovery.Snapshot is { } snapshot)
        {
            progress?.Report(new RestoreProgress("loading-snapshot", 0, recovery.ReplayCount));
            try
            {
                state = await ReadSnapshotAsync(versions, snapshot).ConfigureAwait(false);
            }
            catch (ProcessRestoreException e)
            {
                broken = e;
                if (observer?.Failed(null, state, e) == false)
                {
                    return state;
                }
            }
        }
        long done = 0;
        foreach (var record in recovery.ReadRecords())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (broken is null || record.Kind is RecordKind.DeployAndInit or RecordKind.DeployAndMigrate)
            {
                var before = state;
                try
                {
                    state = await ApplyAsync(state, record).ConfigureAwait(false);
                    broken = null;
                }
                catch (ProcessRestoreException e)
                {
                    broken = e;
                    if (observer?.Failed(record, before, e) == false)
                    {
                        return state;
                    }
                }
                if (broken is null && observer is not null && !await observer.AppliedAsync(record, before, state).ConfigureAwait(false))
                {
                    return state;
                }
            }
            if (++done % ProgressEvery == 0)
            {
                progress?.Report(new RestoreProgress("replaying", done, recovery.ReplayCount));
            }
        }
        if (broken is not null && observer is null)
        {
            throw broken;
        }
        progress?.Report(new RestoreProgress("ready", done, recovery.ReplayCount));
        return state;
    }

    /// <summary>
    /// Applies records that arrive after a restore (a hot standby following its primary), each as a restart would:
    /// events through the app, deploys through their recorded state. Stops at the first record that cannot be applied.
    /// </summary>
    /// <exception cref="ProcessRestoreException">A record cannot be replayed; the message names it.</exception>
    public async Task<ProcessState> ApplyAllAsync(ProcessState state, IEnumerable<LogRecord> records)
    {
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            state = await ApplyAsync(state, record).ConfigureAwait(false);
        }
        return state;
    }

    /// <summary>Reads a snapshot's state bytes (header and state document) as the process they hold.</summary>
    public static Task<ProcessState> ReadSnapshotAsync(VersionLoader versions, RecoveredSnapshot snapshot) =>
        ReadSnapshotAsync(versions, snapshot.ReadAllState(), snapshot.CoversThroughSequence);

    private static async Task<ProcessState> ReadSnapshotAsync(VersionLoader versions, byte[] bytes, long sequence)
    {
        if (bytes.Length < 4)
        {
            throw new ProcessRestoreException($"The snapshot through record {sequence} is {bytes.Length} bytes, too short for its header.");
        }
        var headerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        if (headerLength < 0 || headerLength > bytes.Length - 4)
        {
            throw new ProcessRestoreException($"The snapshot through record {sequence} has a header length {headerLength} past its end.");
        }
        var header = LogCodecs.Read<SnapshotHeader>(LogCodecs.SnapshotHeader, bytes.AsMemory(4, headerLength), sequence);
        var version = await versions.LoadAsync(header.VersionId, header.SourceBlob).ConfigureAwait(false);
        var state = Fit(version, version.State.Decode(bytes.AsMemory(4 + headerLength)), $"the snapshot through record {sequence}");
        return new ProcessState(version, state, header.Timers.WithComparers(StringComparer.Ordinal));
    }

    private async Task<ProcessState> ApplyAsync(ProcessState state, LogRecord record)
    {
        switch (record.Kind)
        {
            case RecordKind.AppEvent:
                var loggedEvent = LogCodecs.Read<LoggedEvent>(LogCodecs.Event, record.Payload, record.Sequence);
                try
                {
                    return Bounded(_bound.Event, () => EventApplier.Apply(state, loggedEvent).Next);
                }
                catch (ExecutionBudgetExceededException e)
                {
                    throw new ProcessRestoreException(
                        $"Replaying record {record.Sequence} ({loggedEvent.GetType().Name}) under version {state.Version?.VersionId ?? "(none)"} did not finish within " +
                        $"the replay bound of {e.Limit.TotalSeconds:0.###} s ({e.Message}). The event finished within its limit when it ran, so either this machine " +
                        "replays far slower or the record was logged by a Conifer that let app code outlast its limit. " + Mend,
                        e);
                }
                catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
                {
                    throw new ProcessRestoreException(
                        $"Replaying record {record.Sequence} ({loggedEvent.GetType().Name}) under version {state.Version?.VersionId ?? "(none)"} threw {e.GetType().Name}: {e.Message}. " +
                        "The app accepted this event when it ran, so it is not deterministic. " + Mend,
                        e);
                }
            case RecordKind.DeployAndMigrate:
            case RecordKind.DeployAndInit:
                var deploy = LogCodecs.Read<DeployRecord>(LogCodecs.Deploy, record.Payload, record.Sequence);
                var version = await versions.LoadAsync(deploy.VersionId, deploy.SourceBlob).ConfigureAwait(false);
                if (!BlobId.TryParse(deploy.StateBlob, out var stateBlob))
                {
                    throw new ProcessRestoreException($"Deploy record {record.Sequence} names a malformed state blob '{deploy.StateBlob}'.");
                }
                var stateBytes = await store.TryGetBlobAsync(stateBlob).ConfigureAwait(false)
                    ?? throw new ProcessRestoreException($"The state produced by deploy record {record.Sequence} (blob {stateBlob}) is missing from the store.");
                var deployed = Fit(version, version.State.Decode(stateBytes), $"the state of deploy record {record.Sequence}");
                return new ProcessState(version, deployed, deploy.Timers.WithComparers(StringComparer.Ordinal));
            case RecordKind.SetState:
                var current = state.Version ?? throw new ProcessRestoreException($"Set-state record {record.Sequence} comes before any deploy.");
                var setState = LogCodecs.Read<SetStateRecord>(LogCodecs.SetState, record.Payload, record.Sequence);
                if (!BlobId.TryParse(setState.StateBlob, out var setBlob))
                {
                    throw new ProcessRestoreException($"Set-state record {record.Sequence} names a malformed state blob '{setState.StateBlob}'.");
                }
                var setBytes = await store.TryGetBlobAsync(setBlob).ConfigureAwait(false)
                    ?? throw new ProcessRestoreException($"The state of set-state record {record.Sequence} (blob {setBlob}) is missing from the store.");
                return state with { State = Fit(current, current.State.Decode(setBytes), $"set-state record {record.Sequence}") };
            case RecordKind.Truncate:
            case RecordKind.SnapshotReference:
                return state;
            case RecordKind.ApplyAdminFunction:
                var admin = LogCodecs.Read<AdminRecord>(LogCodecs.Admin, record.Payload, record.Sequence);
                try
                {
                    return state with { State = Bounded(_bound.Admin, () => ReplayAdmin(state, admin, record.Sequence)) };
                }
                catch (ExecutionBudgetExceededException e)
                {
                    throw new ProcessRestoreException(
                        $"Replaying admin record {record.Sequence} under version {state.Version?.VersionId ?? "(none)"} did not finish within the replay bound of " +
                        $"{e.Limit.TotalSeconds:0.###} s ({e.Message}). " + Mend,
                        e);
                }
            default:
                throw new ProcessRestoreException($"Record {record.Sequence} has kind {record.Kind}, which this Conifer cannot replay. Upgrade Conifer to open this store.");
        }
    }

    private const string Mend = "The admin interface stays up to mend it: revert to an earlier deploy (conifer revert), " +
        "start over from Init (conifer deploy SRC --init-app-state), or restore a backup.";

    /// <summary>
    /// Runs one record's app code under the replay bound, cancelled when the restore is. A call that ran
    /// past the bound fails even if it returned: it did not finish within it.
    /// </summary>
    /// <exception cref="ExecutionBudgetExceededException">The call did not finish within the bound.</exception>
    /// <exception cref="OperationCanceledException">The restore was cancelled.</exception>
    private T Bounded<T>(TimeSpan limit, Func<T> replay)
    {
        using var scope = ExecutionBudget.Limit(limit);
        using var cancel = cancellationToken.Register(() => scope.Cancel("the restore was cancelled"));
        try
        {
            var result = replay();
            if (scope.Overrun is { } overrun)
            {
                throw overrun;
            }
            return result;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The restore was cancelled.", cancellationToken);
        }
    }

    private static object? ReplayAdmin(ProcessState state, AdminRecord admin, long sequence) => admin switch
    {
        AdminRecord.Function function => AdminFunctionCall.Replay(state, function, sequence),
        AdminRecord.Eval eval => EvalCall.Replay(state, eval, sequence),
        _ => throw new ProcessRestoreException($"Record {sequence} is an admin change of kind {admin.GetType().Name}, which this Conifer cannot replay. Upgrade Conifer to open this store."),
    };

    private static object? Fit(AppVersion version, LenientResult<object?> result, string what) => result switch
    {
        LenientResult<object?>.Fits fits => fits.Value,
        LenientResult<object?>.Mismatches m => throw new ProcessRestoreException(
            $"{what} does not fit {version.App.StateType.FullName} of version {version.VersionId}: {string.Join("; ", m.All)}"),
        _ => throw new InvalidOperationException($"{nameof(Restorer)}.{nameof(Fit)}: unhandled {result}."),
    };
}

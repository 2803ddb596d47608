using System.Collections.Immutable;
using System.IO.Hashing;
using System.Security.Cryptography;
using Conifer.Runtime.Admin;
using Conifer.Runtime.Log;
using Conifer.Runtime.Rehearsal;
using Conifer.Runtime.Reports;
using Conifer.Runtime.Restore;
using Conifer.Runtime.Versions;
using Conifer.Runtime.Writer;
using Conifer.Store;

namespace Conifer.Runtime.Verification;

/// <summary>
/// Follows a full replay and compares it with every checkpoint the store holds after its start: each snapshot (by
/// the hash its reference record names, then path by path when that differs) and each deploy record (its
/// <c>Migrate</c> or <c>Init</c> run again on the replayed state, against the state blob the record names). Stops
/// at the first difference.
/// </summary>
internal sealed class ReplayCheck(RecoveryResult recovery, VersionLoader versions, TimeSpan migrationTimeout, ICollection<RecordState>? trace = null) : IReplayObserver
{
    private readonly Dictionary<long, SnapshotInfo> _snapshots = recovery.SnapshotReferences
        .Where(r => r.CoversThroughSequence >= recovery.FirstReplaySequence)
        .ToDictionary(r => r.CoversThroughSequence);

    private long _since = recovery.FirstReplaySequence;
    private long _replayed;
    private int _snapshotsCompared;
    private int _deploysCompared;
    private ReplayDivergence? _divergence;

    public ReplayReport Report() =>
        new(recovery.FirstReplaySequence - 1, recovery.LastSequence, _replayed, _snapshotsCompared, _deploysCompared, _divergence);

    public async ValueTask<bool> AppliedAsync(LogRecord record, ProcessState before, ProcessState after)
    {
        _replayed++;
        trace?.Add(new RecordState(record.Sequence, record.Kind, StateHash(after)));
        if (record.Kind is RecordKind.DeployAndMigrate or RecordKind.DeployAndInit && !CheckDeploy(record, before, after))
        {
            return false;
        }
        return !_snapshots.TryGetValue(record.Sequence, out var snapshot) || await CheckSnapshotAsync(record, after, snapshot).ConfigureAwait(false);
    }

    public bool Failed(LogRecord? record, ProcessState before, ProcessRestoreException error)
    {
        _divergence = record is { } r
            ? new ReplayDivergence(ReplayCheckpoint.Record, r.Sequence, r.Kind, before.Version?.VersionId, _since, null, null, null, $"Record {r.Sequence} ({r.Kind}) does not replay: {error.Message}")
            : new ReplayDivergence(ReplayCheckpoint.Start, recovery.FirstReplaySequence - 1, null, null, recovery.FirstReplaySequence, null, null, null, $"The snapshot the replay starts from cannot be read: {error.Message}");
        return false;
    }

    /// <summary>The hash that stands for a whole process state in a trace: two replays agree on a record when their hashes do.</summary>
    internal static string StateHash(ProcessState state)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes((state.Version?.VersionId ?? "") + "\n"));
        if (state.Version is { } version)
        {
            hash.AppendData(version.State.Encode(state.State));
        }
        foreach (var (id, due) in state.Timers)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"\n{id}={due.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private bool CheckDeploy(LogRecord record, ProcessState before, ProcessState after)
    {
        var deploy = LogCodecs.Read<DeployRecord>(LogCodecs.Deploy, record.Payload, record.Sequence);
        var init = record.Kind == RecordKind.DeployAndInit;
        var version = after.Version!;
        if (deploy.Mode != (init ? "init" : "migrate") || (!init && before.Version is null))
        {
            // A revert names a state an earlier deploy produced: replay has nothing to compute it from.
            _since = record.Sequence + 1;
            return true;
        }
        _deploysCompared++;
        var stored = init ? null : before.Version!.State.Encode(before.State);
        var chain = init ? [] : MigrationChain.Plan(version.App, before.Version!.VersionId, before.Version.App) is MigrationChain.Run run ? run.Steps : [];
        switch (MigrationSteps.Run(version.App, version.State, chain, stored, migrationTimeout, ImmutableArray.CreateBuilder<DeployStep>()))
        {
            case MigrationStepsOutcome.Rejected rejected:
                _divergence = new ReplayDivergence(ReplayCheckpoint.Deploy, record.Sequence, record.Kind, version.VersionId, _since, null, null, null,
                    $"Deploy record {record.Sequence} ({deploy.Mode} to version {version.VersionId}) does not replay: {rejected.Error}");
                return false;
            case MigrationStepsOutcome.Passed passed:
                var replayed = new ProcessState(version, passed.NewState, init ? ProcessState.Empty.Timers : before.Timers);
                if (Convert.ToHexStringLower(SHA256.HashData(passed.NewBytes)) == deploy.StateBlob && replayed.Timers.SequenceEqual(after.Timers))
                {
                    return Matched(record);
                }
                return Diverged(ReplayCheckpoint.Deploy, record, after, replayed,
                    $"The state deploy record {record.Sequence} stored ({deploy.Mode} to version {version.VersionId}) differs from what its {(init ? "Init" : "Migrate")} computes on the replayed state");
            default:
                throw new InvalidOperationException($"{nameof(ReplayCheck)}.{nameof(CheckDeploy)}: unhandled migration outcome.");
        }
    }

    private async Task<bool> CheckSnapshotAsync(LogRecord record, ProcessState after, SnapshotInfo snapshot)
    {
        _snapshotsCompared++;
        if (after.Version is null)
        {
            _divergence = new ReplayDivergence(ReplayCheckpoint.Snapshot, record.Sequence, record.Kind, null, _since, null, null, null,
                $"The store holds a snapshot through record {record.Sequence}, but replay reaches it with nothing deployed.");
            return false;
        }
        using var bytes = new MemoryStream();
        await SnapshotWriter.WriteAsync(bytes, after, CancellationToken.None).ConfigureAwait(false);
        var hash = XxHash3.HashToUInt64(bytes.GetBuffer().AsSpan(0, (int)bytes.Length));
        if (bytes.Length == snapshot.Length && hash == snapshot.StateHash)
        {
            return Matched(record);
        }
        var what = $"The snapshot through record {record.Sequence} differs from the state the replay reaches there";
        // The file is only read when the hashes differ, to name the path; a damaged file is damage, not divergence.
        if (recovery.OpenSnapshot(snapshot) is not { } file)
        {
            _divergence = new ReplayDivergence(ReplayCheckpoint.Snapshot, record.Sequence, record.Kind, after.Version.VersionId, _since, null, null, null,
                $"{what}: the replayed state hashes to {hash:x16}, the snapshot (its file since deleted) to {snapshot.StateHash:x16}.");
            return false;
        }
        ProcessState stored;
        try
        {
            stored = await Restorer.ReadSnapshotAsync(versions, file).ConfigureAwait(false);
        }
        catch (ProcessRestoreException e)
        {
            _divergence = new ReplayDivergence(ReplayCheckpoint.Snapshot, record.Sequence, record.Kind, after.Version.VersionId, _since, null, null, null, $"{what}: the snapshot cannot be read ({e.Message}).");
            return false;
        }
        return Diverged(ReplayCheckpoint.Snapshot, record, stored, after, what);
    }

    private bool Matched(LogRecord record)
    {
        _since = record.Sequence + 1;
        return true;
    }

    /// <summary>Names the first differing path; equal values encoded to different bytes count as a match.</summary>
    private bool Diverged(ReplayCheckpoint checkpoint, LogRecord record, ProcessState stored, ProcessState replayed, string what)
    {
        if (FirstDifference(stored, replayed) is not { } change)
        {
            return Matched(record);
        }
        _divergence = new ReplayDivergence(checkpoint, record.Sequence, record.Kind, replayed.Version?.VersionId, _since, change.Path, change.Before, change.After, what + ".");
        return false;
    }

    /// <summary>The first difference: the version, then the app's state path by path, then the pending timers.</summary>
    internal static StateChange? FirstDifference(ProcessState stored, ProcessState replayed)
    {
        if (stored.Version?.VersionId != replayed.Version?.VersionId)
        {
            return new StateChange("version", stored.Version?.VersionId ?? "(none)", replayed.Version?.VersionId ?? "(none)");
        }
        if (stored.Version is { } version
            && StateDiff.First(version.State.ToTree(stored.State), replayed.Version!.State.ToTree(replayed.State)) is { } change)
        {
            return change;
        }
        foreach (var id in stored.Timers.Keys.Union(replayed.Timers.Keys).Order(StringComparer.Ordinal))
        {
            var before = stored.Timers.TryGetValue(id, out var s) ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "(absent)";
            var after = replayed.Timers.TryGetValue(id, out var r) ? r.ToString(System.Globalization.CultureInfo.InvariantCulture) : "(absent)";
            if (before != after)
            {
                return new StateChange($"timers[\"{id}\"]", before, after);
            }
        }
        return null;
    }
}

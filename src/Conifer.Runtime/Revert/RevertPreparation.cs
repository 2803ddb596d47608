using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Conifer.Runtime.Log;
using Conifer.Runtime.Reports;
using Conifer.Runtime.Versions;
using Conifer.Store;
using Conifer.Store.Exceptions;
using Conifer.Values.Lenient;

namespace Conifer.Runtime.Revert;

/// <summary>
/// The part of a revert that runs before the writer pauses: resolve the id the user gave (a deploy
/// record's sequence or a report id), read that record and count what the log holds after it, load its
/// version and read its state back. Every way this fails is a result; nothing is written.
/// </summary>
internal static class RevertPreparation
{
    public static async Task<(PreparedRevert? Prepared, RevertResult? Refusal)> PrepareAsync(
        IProcessStore store, VersionLoader versions, ReportStore reports, TimeProvider clock, string deployId, CancellationToken cancellationToken)
    {
        var began = clock.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        if (Resolve(deployId.Trim(), reports) is not { } sequence)
        {
            return (null, Unknown(reports, $"No committed deploy has the id '{deployId}'."));
        }
        var findStarted = Stopwatch.GetTimestamp();
        Scan found;
        try
        {
            found = await store.ReadDurableRecordsAsync(sequence, records => Find(sequence, records), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return (null, new RevertResult.Unavailable($"Record {sequence} cannot be read: {e.Message}"));
        }
        (DeployRecord record, RevertPlan plan) target;
        switch (found)
        {
            case Scan.Found f:
                target = (f.Record, f.Plan);
                break;
            case Scan.NotThere:
                return (null, Unknown(reports, $"Record {sequence} is not in the log (its last durable record is {store.DurableSequence})."));
            case Scan.NotADeploy n:
                return (null, Unknown(reports, $"Record {sequence} is {Describe(n.Kind)}, not a deploy."));
            case Scan.Dropped d:
                return (null, new RevertResult.Unavailable(
                    $"Deploy record {sequence} was dropped by a truncate (the log now starts at record {d.FirstRetained}), so the state it produced can no longer be found. " +
                    "Revert to a later deploy, or restore a backup taken before the truncate."));
            default:
                throw new InvalidOperationException($"{nameof(RevertPreparation)}.{nameof(PrepareAsync)}: unhandled scan result {found}.");
        }
        var steps = ImmutableArray.CreateBuilder<DeployStep>();
        steps.Add(DeployStep.Since("find-deploy", findStarted, true,
            $"deploy record {sequence}; {target.plan.DiscardedEvents} event(s), {target.plan.DiscardedAdminChanges} admin change(s), {target.plan.DiscardedDeploys} deploy(s) after it"));

        var loadStarted = Stopwatch.GetTimestamp();
        AppVersion version;
        object state;
        try
        {
            version = await versions.LoadAsync(target.record.VersionId, target.record.SourceBlob).ConfigureAwait(false);
            steps.Add(DeployStep.Since("load-version", loadStarted, true, version.VersionId));
            var readStarted = Stopwatch.GetTimestamp();
            if (!BlobId.TryParse(target.record.StateBlob, out var stateBlob))
            {
                return (null, new RevertResult.Unavailable($"Deploy record {sequence} names a malformed state blob '{target.record.StateBlob}'."));
            }
            var bytes = await store.TryGetBlobAsync(stateBlob, cancellationToken).ConfigureAwait(false);
            if (bytes is not { } stateBytes)
            {
                return (null, new RevertResult.Unavailable(
                    $"The state deploy record {sequence} produced (blob {stateBlob}) is missing from the store's blobs/ folder; restore it from a backup to revert to this deploy."));
            }
            switch (version.State.Decode(stateBytes))
            {
                case LenientResult<object?>.Fits { Value: { } value }:
                    state = value;
                    break;
                case LenientResult<object?>.Mismatches m:
                    return (null, new RevertResult.Unavailable(
                        $"The state of deploy record {sequence} does not read back as {version.App.StateType.FullName}: {string.Join("; ", m.All)}"));
                default:
                    return (null, new RevertResult.Unavailable($"The state of deploy record {sequence} reads back as null."));
            }
            steps.Add(DeployStep.Since("read-state", readStarted, true, $"blob {stateBlob.Hex[..12]}…, {stateBytes.Length} bytes"));
        }
        catch (Exception e) when (e is ProcessRestoreException or StoreCorruptException or IOException)
        {
            return (null, new RevertResult.Unavailable($"Deploy record {sequence} cannot be returned to: {e.Message}"));
        }
        var reportId = $"{began:yyyyMMdd-HHmmss-fff}-{version.VersionId[..12]}-revert-{sequence}";
        return (new PreparedRevert(reportId, began, started, target.record, version, state, target.plan, steps.ToImmutable()), null);
    }

    /// <summary>The committed deploys the reports know, newest last, for error messages and the admin page.</summary>
    public static ImmutableArray<RevertCandidate> Candidates(ReportStore reports) =>
    [
        .. reports.All()
            .Where(r => r is { Outcome: DeployOutcome.Committed, DryRun: false, Sequence: not null })
            .Select(r => new RevertCandidate(r.Sequence!.Value, r.Id, r.Mode, r.NewVersionId, r.BeganAt)),
    ];

    private static long? Resolve(string id, ReportStore reports)
    {
        if (long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return sequence > 0 ? sequence : null;
        }
        return reports.Find(id) is { Outcome: DeployOutcome.Committed, DryRun: false, Sequence: { } s } ? s : null;
    }

    private static RevertResult.UnknownDeploy Unknown(ReportStore reports, string what)
    {
        var known = Candidates(reports);
        var list = known.IsEmpty
            ? "The store's reports name no committed deploy."
            : "Pass a record number (the 'record' column of conifer history) or a report id; committed deploys: " + string.Join(", ", known) + ".";
        return new RevertResult.UnknownDeploy($"{what} {list}", known);
    }

    private static Scan Find(long sequence, IEnumerable<LogRecord> records)
    {
        using var enumerator = records.GetEnumerator();
        if (!enumerator.MoveNext())
        {
            return new Scan.NotThere();
        }
        var first = enumerator.Current;
        if (first.Sequence > sequence)
        {
            return new Scan.Dropped(first.Sequence);
        }
        if (first.Kind is not (RecordKind.DeployAndMigrate or RecordKind.DeployAndInit))
        {
            return new Scan.NotADeploy(first.Kind);
        }
        var record = LogCodecs.Read<DeployRecord>(LogCodecs.Deploy, first.Payload, first.Sequence);
        var plan = new RevertPlan(sequence, record.ReportId, record.VersionId, DateTimeOffset.FromUnixTimeMilliseconds(record.PosixTimeMilli), 0, 0, 0, sequence);
        return new Scan.Found(record, DiscardCounter.Add(plan, Rest(enumerator)));
    }

    private static IEnumerable<LogRecord> Rest(IEnumerator<LogRecord> enumerator)
    {
        while (enumerator.MoveNext())
        {
            yield return enumerator.Current;
        }
    }

    private static string Describe(RecordKind kind) => kind switch
    {
        RecordKind.AppEvent => "an app event",
        RecordKind.SetState => "a set-state record",
        RecordKind.ApplyAdminFunction => "an admin function or script",
        RecordKind.Truncate => "a truncate record",
        RecordKind.SnapshotReference => "a snapshot reference",
        RecordKind.DeployAndMigrate or RecordKind.DeployAndInit => "a deploy",
        _ => $"a record of kind {kind}",
    };


    private abstract record Scan
    {
        public sealed record Found(DeployRecord Record, RevertPlan Plan) : Scan;

        public sealed record NotThere : Scan;

        public sealed record NotADeploy(RecordKind Kind) : Scan;

        public sealed record Dropped(long FirstRetained) : Scan;
    }
}

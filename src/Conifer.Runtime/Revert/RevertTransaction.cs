using System.Diagnostics;
using Conifer.App;
using Conifer.Runtime.Deploy;
using Conifer.Runtime.Log;
using Conifer.Runtime.Reports;
using Conifer.Runtime.Writer;
using Conifer.Store;

namespace Conifer.Runtime.Revert;

/// <summary>
/// The part of a revert the single writer runs while every other event waits: count the records logged
/// since the preparation looked, append a deploy record that names the earlier deploy's version, state
/// and timers, and hand back that state to swap in. A revert is an ordinary deploy record (mode
/// <c>revert</c>), so a restart restores it like any deploy and a later revert can return past it.
/// </summary>
internal sealed class RevertTransaction(IProcessStore store, RuntimeOptions options)
{
    public async Task<DeployResult> RunAsync(ProcessState current, PreparedRevert prepared)
    {
        var pauseStart = Stopwatch.GetTimestamp();
        var steps = prepared.Steps.ToBuilder();
        var plan = prepared.Plan;

        DeployReport Report(DeployOutcome outcome, string? error = null) => new()
        {
            Id = prepared.ReportId,
            BeganAt = prepared.BeganAt,
            Outcome = outcome,
            Mode = "revert",
            PreviousVersionId = current.Version?.VersionId,
            NewVersionId = prepared.Version.VersionId,
            Steps = steps.ToImmutable(),
            PauseMilli = Stopwatch.GetElapsedTime(pauseStart).TotalMilliseconds,
            TotalMilli = prepared.ElapsedMilli,
            Error = error,
            Revert = plan,
        };

        var persistStarted = Stopwatch.GetTimestamp();
        long sequence;
        try
        {
            // Only the records appended since the preparation counted are read here, so the pause does not grow with the log.
            // Reading waits for the store's maintenance turn, which a live copy can hold for minutes; the public app must
            // not wait that long for a count, so past a short wait the records since are counted as events, unread.
            using var maintenanceBusy = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            try
            {
                plan = await store.ReadDurableRecordsAsync(plan.ThroughSequence + 1, records => DiscardCounter.Add(plan, records), maintenanceBusy.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (maintenanceBusy.IsCancellationRequested)
            {
                var last = store.LastSequence;
                plan = plan with { DiscardedEvents = plan.DiscardedEvents + Math.Max(0, last - plan.ThroughSequence), ThroughSequence = Math.Max(last, plan.ThroughSequence) };
            }
            // The target's blobs are already durable (an earlier durable record names them), so the record may name them at once.
            var record = new DeployRecord(
                prepared.Version.VersionId,
                prepared.Target.SourceBlob,
                prepared.Target.StateBlob,
                "revert",
                prepared.ReportId,
                options.Clock.GetUtcNow().ToUnixTimeMilliseconds(),
                prepared.Target.Timers);
            sequence = await store.AppendAsync(RecordKind.DeployAndInit, LogCodecs.Deploy.Encode(record)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            steps.Add(DeployStep.Since("persist", persistStarted, false, e.Message));
            return DeployResult.Unchanged(Report(DeployOutcome.Rejected,
                $"The store failed while persisting the revert ({e.Message}); its outcome is unknown until the server restarts and recovers from disk."));
        }
        steps.Add(DeployStep.Since("persist", persistStarted, true, $"deploy record {sequence} (revert to record {plan.ToSequence})"));

        var next = new ProcessState(prepared.Version, prepared.State, prepared.Target.Timers.WithComparers(StringComparer.Ordinal));
        steps.Add(new DeployStep("swap", 0, true, null));
        return new DeployResult(Report(DeployOutcome.Committed) with { Sequence = sequence }, next, Commands.None);
    }
}

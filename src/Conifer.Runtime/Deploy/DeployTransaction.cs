using System.Collections.Immutable;
using System.Diagnostics;
using Conifer.App;
using Conifer.Runtime.Log;
using Conifer.Runtime.Rehearsal;
using Conifer.Runtime.Reports;
using Conifer.Runtime.Writer;
using Conifer.Store;
using Conifer.Values.Lenient;

namespace Conifer.Runtime.Deploy;

/// <summary>
/// Steps 3–5 of a deploy (DESIGN §4), run by the single writer while every other event waits:
/// read the stored state as the new version's <c>Prev</c>, run <c>Migrate</c> or <c>Init</c>, check
/// the result, persist the deploy record, and hand back the state to swap in. Every failure returns
/// a rejected report and leaves the process state, the log and the snapshots as they were.
/// </summary>
internal sealed class DeployTransaction(IProcessStore store, RuntimeOptions options)
{
    public async Task<DeployResult> RunAsync(ProcessState current, PreparedDeploy prepared)
    {
        var pauseStart = Stopwatch.GetTimestamp();
        var steps = prepared.Steps.ToBuilder();
        var version = prepared.Version;
        var init = prepared.Mode == DeployMode.Init || current.Version is null;
        var mode = prepared.Mode == DeployMode.Init ? "init" : current.Version is null ? "init (empty store)" : "migrate";

        var warnings = prepared.Warnings;
        DeployReport Report(DeployOutcome outcome, string? error = null) => new()
        {
            Id = prepared.ReportId,
            BeganAt = prepared.BeganAt,
            Outcome = outcome,
            Mode = mode,
            DryRun = prepared.DryRun,
            PreviousVersionId = current.Version?.VersionId,
            NewVersionId = version.VersionId,
            Steps = steps.ToImmutable(),
            PauseMilli = Stopwatch.GetElapsedTime(pauseStart).TotalMilliseconds,
            TotalMilli = prepared.ElapsedMilli,
            Error = error,
            Warnings = warnings,
        };

        object newState;
        Commands commands;
        byte[] newBytes;
        if (prepared.Proven is { } proven && (init ? proven.InputState is null : ReferenceEquals(proven.InputState, current.State)))
        {
            // No event arrived since the proving run's input: its result is this deploy's result,
            // and the pause only reads it back (which also checks that it fits the new State).
            var takeStarted = Stopwatch.GetTimestamp();
            if (version.State.Decode(proven.NewState) is not LenientResult<object?>.Fits { Value: { } taken })
            {
                steps.Add(DeployStep.Since("take-proven-result", takeStarted, false, "the proven state does not read back"));
                return DeployResult.Unchanged(Report(DeployOutcome.Rejected, $"The migrated state does not read back as {version.App.StateType.FullName}."));
            }
            var items = ProvenResult.CommandsCodec.Decode(proven.Commands) is LenientResult<object?>.Fits { Value: ImmutableArray<Command> list } ? list : [];
            (newState, commands, newBytes) = (taken, items.Aggregate(Commands.None, (all, c) => all.And(Commands.Of(c))), proven.NewState);
            steps.Add(DeployStep.Since("take-proven-result", takeStarted, true, $"no event since the proving run; {newBytes.Length} bytes read back"));
        }
        else
        {
            // Steps 3–4 are shared with every rehearsal (migrate test, Conifer.Testing), so a rehearsal
            // cannot pass where this deploy would fail.
            var stored = init ? null : current.Version!.State.Encode(current.State);
            switch (MigrationSteps.Run(version.App, version.State, prepared.Chain, stored, options.MigrationTimeout, steps))
            {
                case MigrationStepsOutcome.Passed passed:
                    (newState, commands, newBytes) = (passed.NewState, passed.Commands, passed.NewBytes);
                    warnings = passed.Ignored;
                    break;
                case MigrationStepsOutcome.Rejected rejected:
                    return DeployResult.Unchanged(Report(DeployOutcome.Rejected, rejected.Error) with
                    {
                        Mismatches = rejected.Mismatches,
                        MigrationException = rejected.MigrationException,
                    });
                default:
                    throw new UnreachableException();
            }
        }

        if (prepared.DryRun)
        {
            return DeployResult.Unchanged(Report(DeployOutcome.DryRunPassed) with { MigrationCommands = commands.Items.Length });
        }

        // Timers that Init or Migrate sets or cancels belong to the deploy's checkpoint like its state:
        // the writer arms them, and a timer missing from the table would be dropped as not due when it fires.
        var timers = EventApplier.WithTimerCommands(init ? ProcessState.Empty.Timers : current.Timers, commands);
        var persistStarted = Stopwatch.GetTimestamp();
        long sequence;
        try
        {
            // The blobs go first and are durable before the record that names them: a record that
            // survives a crash must never point at a state or source that did not.
            var stateBlob = await store.PutBlobAsync(newBytes).ConfigureAwait(false);
            var sourceBlob = await store.PutBlobAsync(prepared.SourceBlobBytes).ConfigureAwait(false);
            var record = new DeployRecord(
                version.VersionId,
                sourceBlob.Hex,
                stateBlob.Hex,
                init ? "init" : "migrate",
                prepared.ReportId,
                options.Clock.GetUtcNow().ToUnixTimeMilliseconds(),
                timers);
            sequence = await store.AppendAsync(init ? RecordKind.DeployAndInit : RecordKind.DeployAndMigrate, LogCodecs.Deploy.Encode(record)).ConfigureAwait(false);
        }
        catch (Conifer.Store.Exceptions.BlobNotWrittenException e)
        {
            // Nothing was appended: unlike a failed append, the outcome is known, and the process goes on unchanged.
            steps.Add(DeployStep.Since("persist", persistStarted, false, e.Message));
            return DeployResult.Unchanged(Report(DeployOutcome.Rejected, $"The deploy could not be stored: {e.Message} The running version and its state are unchanged."));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            steps.Add(DeployStep.Since("persist", persistStarted, false, e.Message));
            return DeployResult.Unchanged(Report(DeployOutcome.Rejected,
                $"The store failed while persisting the deploy ({e.Message}); its outcome is unknown until the server restarts and recovers from disk."));
        }
        steps.Add(DeployStep.Since("persist", persistStarted, true, $"deploy record {sequence}"));

        var next = new ProcessState(version, newState, timers);
        steps.Add(new DeployStep("swap", 0, true, null));
        return new DeployResult(
            Report(DeployOutcome.Committed) with { Sequence = sequence, MigrationCommands = commands.Items.Length },
            next,
            commands);
    }
}

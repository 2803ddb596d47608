using System.Collections.Immutable;
using System.Diagnostics;
using Conifer.App;
using Conifer.Compiler;
using Conifer.Runtime.Deploy;
using Conifer.Runtime.Reports;
using Conifer.Runtime.Versions;
using Conifer.Values.Lenient;

namespace Conifer.Runtime.Rehearsal;

/// <summary>
/// Steps 3–4 of a deploy (DESIGN §4) on a stored state document: read it as the first migration
/// step's parameter type (or <c>State</c> when no step runs) with the lenient check, run each step's
/// <c>Migrate</c> (a <see cref="MigrationChain"/>) or <c>Init</c> under the guard, and check that the
/// result encodes as the new <c>State</c>. The live deploy transaction and every rehearsal (<c>migrate test</c>,
/// Conifer.Testing) run this one piece of code, so a rehearsal cannot pass where a deploy fails.
/// </summary>
internal static class MigrationSteps
{
    /// <summary>Runs the steps, adding one <see cref="DeployStep"/> per step to <paramref name="steps"/>.</summary>
    /// <param name="app">The new version.</param>
    /// <param name="state">The codec of <paramref name="app"/>'s <c>State</c>.</param>
    /// <param name="chain">The migration steps to run, oldest first (<see cref="MigrationChain.Run"/>); empty to read the state as the new <c>State</c>.</param>
    /// <param name="stored">The stored state document, or null to run <c>Init</c>.</param>
    /// <param name="timeout">How long <c>Migrate</c> or <c>Init</c> may run.</param>
    /// <param name="steps">Receives the steps in order.</param>
    /// <param name="progress">Told each step's name (as in the report) as it starts.</param>
    public static MigrationStepsOutcome Run(
        LoadedApp app, TypeCodec state, ImmutableArray<LoadedMigration> chain, byte[]? stored, TimeSpan timeout, ImmutableArray<DeployStep>.Builder steps, IProgress<string>? progress = null)
    {
        object newState;
        Commands commands;
        var ignored = ImmutableArray<string>.Empty;
        if (stored is null)
        {
            progress?.Report("init");
            var started = Stopwatch.GetTimestamp();
            if (Guarded("init", "Init", () => app.Init(), started, timeout, steps, out var result) is { } rejected)
            {
                return rejected;
            }
            (newState, commands) = result;
        }
        else
        {
            progress?.Report("read-previous-state");
            var readStarted = Stopwatch.GetTimestamp();
            var reader = chain.IsEmpty ? state : TypeCodec.For(chain[0].PrevStateType);
            var read = reader.Decode(stored);
            if (read is LenientResult<object?>.Mismatches mismatches)
            {
                steps.Add(DeployStep.Since("read-previous-state", readStarted, false, $"{mismatches.All.Length} mismatch(es) reading the stored state as {reader.Type.FullName}"));
                var error = DeployMessages.StateDoesNotFit(!chain.IsEmpty, reader.Type, mismatches.All.Length);
                return new MigrationStepsOutcome.Rejected(error, [.. mismatches.All.Select(m => m.ToString())], null);
            }
            var fits = (LenientResult<object?>.Fits)read;
            ignored = [.. fits.Ignored.Select(f => f.ToString())];
            var detail = $"{stored.Length} bytes read as {reader.Type.FullName}" + (ignored.IsEmpty ? "" : $"; {ignored.Length} stored field(s) ignored (see the warnings)");
            steps.Add(DeployStep.Since("read-previous-state", readStarted, true, detail));

            progress?.Report("migrate");
            (newState, commands) = (fits.Value!, Commands.None);
            if (chain.IsEmpty)
            {
                steps.Add(new DeployStep("migrate", 0, true, "no Migrate: the stored state fits the new State unchanged"));
            }
            foreach (var step in chain)
            {
                var migrateStarted = Stopwatch.GetTimestamp();
                var previous = newState;
                if (Guarded("migrate", "Migrate", () => step.Migrate(previous), migrateStarted, timeout, steps, out var result) is { } rejected)
                {
                    return rejected with { Error = chain.Length > 1 ? $"Step {step.Shape.Name}: {rejected.Error}" : rejected.Error };
                }
                if (chain.Length > 1 || step.Shape.FromVersionId is not null)
                {
                    steps[^1] = steps[^1] with { Detail = StepDetail(step.Shape) };
                }
                // A step's commands are kept with the others: all run once the final state is durable.
                (newState, commands) = (result.State, commands.And(result.Commands));
            }
        }

        progress?.Report("check-new-state");
        var checkStarted = Stopwatch.GetTimestamp();
        byte[] newBytes;
        try
        {
            newBytes = state.Encode(newState);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            steps.Add(DeployStep.Since("check-new-state", checkStarted, false, e.Message));
            return new MigrationStepsOutcome.Rejected($"The new state cannot be stored as {app.StateType.FullName}: {e.Message}", [], null);
        }
        steps.Add(DeployStep.Since("check-new-state", checkStarted, true, $"{newBytes.Length} bytes"));
        return new MigrationStepsOutcome.Passed(newState, commands, newBytes) { Ignored = ignored };
    }

    private static string StepDetail(MigrationShape step) =>
        step.FromVersionId is { } from ? $"{step.Name}, from version {from[..12]}" : step.Name;

    /// <summary>Runs user code under <see cref="GuardedCall"/>: null when it returned (the value in <paramref name="result"/>), else the rejection.</summary>
    private static MigrationStepsOutcome.Rejected? Guarded(
        string step, string what, Func<(object State, Commands Commands)> call, long started, TimeSpan timeout, ImmutableArray<DeployStep>.Builder steps, out (object State, Commands Commands) result)
    {
        result = default;
        switch (GuardedCall.Run(call, timeout))
        {
            case GuardedCall.Outcome<(object State, Commands Commands)>.Returned(var value):
                steps.Add(DeployStep.Since(step, started, true, null));
                result = value;
                return null;
            case GuardedCall.Outcome<(object State, Commands Commands)>.Threw(var exception):
                steps.Add(DeployStep.Since(step, started, false, exception.GetType().Name + ": " + exception.Message));
                return new MigrationStepsOutcome.Rejected(DeployMessages.Threw(init: what == "Init", exception), [], exception.ToString());
            case GuardedCall.Outcome<(object State, Commands Commands)>.TimedOut(var limit):
                steps.Add(DeployStep.Since(step, started, false, $"did not return within {limit.TotalSeconds:0.#} s"));
                return new MigrationStepsOutcome.Rejected($"{what} did not return within {limit.TotalSeconds:0.#} s.", [], null);
            default:
                throw new UnreachableException();
        }
    }
}

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
/// Steps 3–4 of a deploy (DESIGN §4) on a stored state document: read it as the new version's
/// <c>Prev</c> (or <c>State</c> when there is no migration) with the lenient check, run
/// <c>Migrate</c> or <c>Init</c> under the guard, and check that the result encodes as the new
/// <c>State</c>. The live deploy transaction and every rehearsal (<c>migrate test</c>,
/// Conifer.Testing) run this one piece of code, so a rehearsal cannot pass where a deploy fails.
/// </summary>
internal static class MigrationSteps
{
    /// <summary>Runs the steps, adding one <see cref="DeployStep"/> per step to <paramref name="steps"/>.</summary>
    /// <param name="app">The new version.</param>
    /// <param name="state">The codec of <paramref name="app"/>'s <c>State</c>.</param>
    /// <param name="prev">The codec of its <c>Migrate</c> parameter, or null without a migration.</param>
    /// <param name="stored">The stored state document, or null to run <c>Init</c>.</param>
    /// <param name="timeout">How long <c>Migrate</c> or <c>Init</c> may run.</param>
    /// <param name="steps">Receives the steps in order.</param>
    /// <param name="progress">Told each step's name (as in the report) as it starts.</param>
    public static MigrationStepsOutcome Run(
        LoadedApp app, TypeCodec state, TypeCodec? prev, byte[]? stored, TimeSpan timeout, ImmutableArray<DeployStep>.Builder steps, IProgress<string>? progress = null)
    {
        object newState;
        Commands commands;
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
            var reader = prev ?? state;
            var read = reader.Decode(stored);
            if (read is LenientResult<object?>.Mismatches mismatches)
            {
                steps.Add(DeployStep.Since("read-previous-state", readStarted, false, $"{mismatches.All.Length} mismatch(es) reading the stored state as {reader.Type.FullName}"));
                var error = DeployMessages.StateDoesNotFit(prev is not null, reader.Type, mismatches.All.Length);
                return new MigrationStepsOutcome.Rejected(error, [.. mismatches.All.Select(m => m.ToString())], null);
            }
            var previous = ((LenientResult<object?>.Fits)read).Value;
            steps.Add(DeployStep.Since("read-previous-state", readStarted, true, $"{stored.Length} bytes read as {reader.Type.FullName}"));

            progress?.Report("migrate");
            var migrateStarted = Stopwatch.GetTimestamp();
            if (app.Migrate is not { } migrate)
            {
                steps.Add(DeployStep.Since("migrate", migrateStarted, true, "no Migrate: the stored state fits the new State unchanged"));
                (newState, commands) = (previous!, Commands.None);
            }
            else
            {
                if (Guarded("migrate", "Migrate", () => migrate(previous!), migrateStarted, timeout, steps, out var result) is { } rejected)
                {
                    return rejected;
                }
                (newState, commands) = result;
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
        return new MigrationStepsOutcome.Passed(newState, commands, newBytes);
    }

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

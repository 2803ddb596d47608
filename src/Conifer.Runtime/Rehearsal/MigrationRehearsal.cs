using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Conifer.Compiler;
using Conifer.Runtime.Reports;
using Conifer.Runtime.Versions;
using Conifer.Values;
using Conifer.Values.Codecs;

namespace Conifer.Runtime.Rehearsal;

/// <summary>
/// Runs a deploy's steps 1–4 (compile and rules, read the stored state as <c>Prev</c>, migrate,
/// check the new state) on a given state, with no store and no server: the engine of
/// <c>conifer migrate test</c> and Conifer.Testing. Steps 3–4 are the very code the live deploy
/// transaction runs, so a rehearsal that passes is a deploy that would commit on that state.
/// </summary>
public static class MigrationRehearsal
{
    /// <summary>Versions compiled in this process without a disk cache, so a test suite compiles each version once.</summary>
    private static readonly ConcurrentDictionary<string, CompiledApp> Compiled = new(StringComparer.Ordinal);

    /// <summary>The time <c>Migrate</c> may run, as in a server started without <c>--migration-timeout</c>.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(60);

    /// <summary>Compiles <paramref name="source"/> (through <paramref name="cache"/> when given) and rehearses its deploy onto <paramref name="storedState"/>.</summary>
    /// <param name="source">The new version.</param>
    /// <param name="storedState">The stored state as a tree (e.g. an export); null rehearses a deploy onto an empty store (Init).</param>
    /// <param name="cache">A compiled-assembly cache to reuse, or null to compile in memory only (once per version and process).</param>
    /// <param name="timeout">How long Migrate may run; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="storedVersionId">The version the stored state belongs to (an export's stamp), which picks the migration steps to run
    /// (<see cref="MigrationChain"/>); null when unknown: the newest step runs, as long as the state fits it.</param>
    /// <param name="storedApp">That version, loaded, when at hand (a store holds it).</param>
    /// <param name="progress">
    /// Told each step's name, as the report names it, when the step starts: <c>compile</c>, then
    /// <c>read-previous-state</c>, <c>migrate</c> and <c>check-new-state</c> (or <c>init</c> and
    /// <c>check-new-state</c> without a stored state); a step that fails ends the sequence.
    /// </param>
    public static RehearsalResult Run(
        AppSource source, Value? storedState, CompiledAppCache? cache = null, TimeSpan? timeout = null, IProgress<string>? progress = null,
        string? storedVersionId = null, LoadedApp? storedApp = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        progress?.Report("compile");
        var began = DateTimeOffset.UtcNow;
        var started = Stopwatch.GetTimestamp();
        var compiled = cache is not null ? cache.GetOrCompile(source)
            : Compiled.TryGetValue(source.VersionId, out var known) ? new CompileResult.Success(known)
            : AppCompiler.Compile(source);
        if (cache is null && compiled is CompileResult.Success fresh)
        {
            Compiled.TryAdd(source.VersionId, fresh.App);
        }
        var compileStep = DeployStep.Since("compile", started, compiled is CompileResult.Success, null);
        if (compiled is CompileResult.Failure failure)
        {
            var report = NewReport(source.VersionId, began, storedState is null) with
            {
                Outcome = DeployOutcome.Rejected,
                Steps = [compileStep with { Detail = $"{failure.Diagnostics.Length} diagnostic(s)" }],
                Error = $"The app does not compile or breaks a Conifer rule ({failure.Diagnostics.Length} diagnostic(s)); fix them and try again.",
                Diagnostics = [.. failure.Diagnostics.Select(d => d.ToString())],
                TotalMilli = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            };
            return new RehearsalResult(report, null, null, null);
        }
        var app = ((CompileResult.Success)compiled).App.Load();
        var stored = storedState is null ? null : ValueMessagePackCodec.Encode(storedState);
        return Rehearse(app, stored, storedVersionId, storedApp, timeout ?? DefaultTimeout, began, started, [compileStep], progress);
    }

    /// <summary>Rehearses the deploy of an already loaded version onto a stored state document (the bytes a store holds).</summary>
    /// <param name="app">The new version.</param>
    /// <param name="storedDocument">The stored state as a value document; null rehearses Init.</param>
    /// <param name="timeout">How long Migrate may run; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="storedVersionId">The version the stored state belongs to, which picks the migration steps (<see cref="MigrationChain"/>).</param>
    public static RehearsalResult Run(LoadedApp app, byte[]? storedDocument, TimeSpan? timeout = null, string? storedVersionId = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        return Rehearse(app, storedDocument, storedVersionId, null, timeout ?? DefaultTimeout, DateTimeOffset.UtcNow, Stopwatch.GetTimestamp(), [], progress: null);
    }

    private static RehearsalResult Rehearse(
        LoadedApp app, byte[]? stored, string? storedVersionId, LoadedApp? storedApp, TimeSpan timeout, DateTimeOffset began, long started, ImmutableArray<DeployStep> before, IProgress<string>? progress)
    {
        var steps = before.ToBuilder();
        var state = TypeCodec.For(app.StateType);
        var pauseStart = Stopwatch.GetTimestamp();
        var chain = ImmutableArray<LoadedMigration>.Empty;
        if (stored is not null)
        {
            switch (MigrationChain.Plan(app, storedVersionId, storedApp))
            {
                case MigrationChain.Run run:
                    chain = run.Steps;
                    break;
                case MigrationChain.Missing missing:
                    steps.Add(new DeployStep("plan-migration", 0, false, $"the state is at version {storedVersionId?[..Math.Min(12, storedVersionId.Length)]}"));
                    return new RehearsalResult(
                        NewReport(app.VersionId, began, init: false) with
                        {
                            Outcome = DeployOutcome.Rejected,
                            Error = missing.Error,
                            Steps = steps.ToImmutable(),
                            PreviousVersionId = storedVersionId,
                            TotalMilli = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                        },
                        null,
                        null,
                        null);
                default:
                    throw new UnreachableException();
            }
        }
        var outcome = MigrationSteps.Run(app, state, chain, stored, timeout, steps, progress);
        var report = NewReport(app.VersionId, began, stored is null) with
        {
            PreviousVersionId = storedVersionId,
            Steps = steps.ToImmutable(),
            PauseMilli = Stopwatch.GetElapsedTime(pauseStart).TotalMilliseconds,
            TotalMilli = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        };
        return outcome switch
        {
            MigrationStepsOutcome.Passed passed => new RehearsalResult(
                report with { MigrationCommands = passed.Commands.Items.Length, Warnings = passed.Ignored },
                passed.NewState,
                state.ToTree(passed.NewState),
                passed.NewBytes),
            MigrationStepsOutcome.Rejected rejected => new RehearsalResult(
                report with
                {
                    Outcome = DeployOutcome.Rejected,
                    Error = rejected.Error,
                    Mismatches = rejected.Mismatches,
                    MigrationException = rejected.MigrationException,
                },
                null,
                null,
                null),
            _ => throw new UnreachableException(),
        };
    }

    private static DeployReport NewReport(string versionId, DateTimeOffset began, bool init) => new()
    {
        Id = $"rehearsal-{began:yyyyMMdd-HHmmss-fff}-{versionId[..Math.Min(12, versionId.Length)]}",
        BeganAt = began,
        Outcome = DeployOutcome.DryRunPassed,
        Mode = init ? "init (empty store)" : "migrate",
        DryRun = true,
        NewVersionId = versionId,
    };
}

using System.Collections.Immutable;
using System.Diagnostics;
using Conifer.App;
using Conifer.Compiler;
using Conifer.Compiler.Scripting;
using Conifer.Runtime.Admin;
using Conifer.Runtime.Deploy;
using Conifer.Runtime.Log;
using Conifer.Runtime.Metrics;
using Conifer.Runtime.Public;
using Conifer.Runtime.Rehearsal;
using Conifer.Runtime.Replication;
using Conifer.Runtime.Reports;
using Conifer.Runtime.Restore;
using Conifer.Runtime.Revert;
using Conifer.Runtime.Stores;
using Conifer.Runtime.Versions;
using Conifer.Runtime.Writer;
using Conifer.Store;
using Conifer.Store.Locations;
using Conifer.Values;
using Conifer.Values.Codecs;

namespace Conifer.Runtime;

/// <summary>
/// A running Conifer process: an app version and its state, restored from a process store, with
/// every change persisted before its effects are seen and deploys applied as one atomic
/// transaction. The public and admin servers, the CLI's store-directory commands and the tests
/// all drive the runtime through this class.
/// </summary>
public sealed class LiveProcess : IAsyncDisposable
{
    private readonly IOwnedProcessStore _store;
    private readonly RuntimeOptions _options;
    private readonly PendingResponses _responses;
    private readonly ProcessWriter _writer;
    private readonly VersionLoader _versions;
    private readonly SemaphoreSlim _deployGate = new(1, 1);
    private readonly string _requestIdPrefix;
    private readonly ProcessMetrics _metrics;
    private long _nextRequestId;
    private string? _stoppedServing;

    private LiveProcess(IOwnedProcessStore store, RuntimeOptions options, VersionLoader versions, ProcessState restored)
    {
        _store = store;
        _options = options;
        _versions = versions;
        _responses = new PendingResponses(options.RequestTimeout);
        _writer = new ProcessWriter(store, options, _responses, restored);
        _writer.Failed += e => Failed?.Invoke(e);
        _requestIdPrefix = $"r{store.LastSequence}.";
        Reports = new ReportStore(store.Reports);
        // The store swept its own temp files on open; the reports beside it are swept here.
        Reports.SweepTemporaryFiles();
        _metrics = new ProcessMetrics(store, _writer);
    }

    /// <summary>The name of the meter the process's instruments are on (events, log sequences, snapshot age and size, deploy pause).</summary>
    public const string MeterName = "Conifer.Runtime";

    /// <summary>Raised once when the store fails; the host must reopen the process from disk.</summary>
    public event Action<Exception>? Failed;

    /// <summary>
    /// Why the stored history could not be replayed, or null. While set, no app runs and only a
    /// deploy with <see cref="DeployMode.Init"/> is accepted.
    /// </summary>
    public string? RestoreError { get; private set; }

    /// <summary>The deploy reports kept with the store.</summary>
    public ReportStore Reports { get; }

    /// <summary>The running version's id, or null while no app is deployed.</summary>
    public string? VersionId => _writer.Current.Version?.VersionId;

    /// <summary>The running app's state type, or null while no app is deployed.</summary>
    public Type? StateType => _writer.Current.Version?.App.StateType;

    /// <summary>The store sequence of the newest record.</summary>
    public long LastSequence => _store.LastSequence;

    /// <summary>App events applied and logged since the process opened (their rate is the events per second).</summary>
    public long LoggedEvents => _writer.LoggedEvents;

    /// <summary>The newest durable snapshot (the sequence it covers and its state bytes), or null before the first.</summary>
    public SnapshotInfo? LatestSnapshot => _store.LatestSnapshot;

    /// <summary>When <see cref="LatestSnapshot"/> was written (after a restart: its file's time), or null when unknown.</summary>
    public DateTimeOffset? LatestSnapshotWrittenAt => _store.LatestSnapshotWrittenAt;

    /// <summary>Calls of app code for an event abandoned because they did not return within the event limit plus a grace period.</summary>
    public long AbandonedCalls => _writer.AbandonedCalls;

    /// <summary>Abandoned calls whose thread has not come back yet (still running, or stuck in a framework call).</summary>
    public long AbandonedStillRunning => _writer.AbandonedStillRunning;

    /// <summary>How long the call the writer runs now is past the event limit; null while it is within it.</summary>
    public TimeSpan? WriterOverdue => _writer.Overdue;

    /// <summary>Where the store is, for people: a folder's full path, or a database URI without its password.</summary>
    public string StoreLocation => _store.Location;

    /// <summary>The store folder (its repair journal lives there), or null for a store in a database.</summary>
    public string? StoreFolder => _store is FileProcessStore file ? file.Directory : null;

    /// <summary>
    /// Completes, with the reason, when this process stops being the store's writer (fenced by a newer writer, or its
    /// lease not renewed in time); never for a folder. The host must then stop serving and exit.
    /// </summary>
    public Task<string> WriterLost => _store.WriterLost;

    /// <summary>
    /// What opening the store repaired: a torn tail cut, a damaged snapshot skipped, a loss accepted explicitly
    /// (each with file, offset, bytes and records). Empty when the store was found as it was left.
    /// </summary>
    public IReadOnlyList<Conifer.Store.Repairs.StoreRepair> StoreRepairs => _store.Recovery.Repairs;

    /// <summary>Whether a write or sync of the store failed: the process takes no more events until it is reopened from disk.</summary>
    public bool IsStoreFailed => _store.IsFailed;

    /// <summary>The role, writer epoch and lag of this process (a primary: it is its own head).</summary>
    public ReplicationStatus Replication => ReplicationStatus.Standalone(_store.LastSequence) with { Epoch = _store.Epoch };

    /// <summary>
    /// Stops answering public requests at once, for good: every request waiting for its response and every later
    /// one gets 503. For a primary that lost its lease or was fenced: a response released after a newer primary
    /// took over could show a state that is no longer the truth, so none is released, only refused.
    /// </summary>
    public void StopServing(string reason)
    {
        // Set before the waiting requests are answered: a request registered after the sweep sees the flag.
        if (Interlocked.CompareExchange(ref _stoppedServing, reason, null) is null)
        {
            _responses.CompleteAll(NotServingResponse(reason));
        }
    }

    private static PublicResponse NotServingResponse(string reason) =>
        PublicResponse.Text(503, $"This server is no longer the primary and serves nothing: {reason}");

    /// <summary>
    /// Opens (creating if needed) the store, takes its lock, and restores the process. A history that
    /// cannot be replayed (see <see cref="RestoreError"/>) still opens; each record's replay is bounded
    /// (<see cref="RuntimeOptions.ReplayLimitFactor"/>), so the open always ends.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the store is released).</exception>
    public static async Task<LiveProcess> OpenAsync(RuntimeOptions options, IProgress<RestoreProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var location = options.ResolveLocation();
        progress?.Report(new RestoreProgress("opening-store", 0, 0));
        var store = await ProcessStores.OpenAsync(location, options.StoreOptions, options.Replication, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            var versions = NewVersionLoader(store);
            try
            {
                var restored = await new Restorer(store, versions, progress, bound: ReplayBound.For(options), cancellationToken: cancellationToken).RestoreAsync(store.Recovery).ConfigureAwait(false);
                return new LiveProcess(store, options, versions, restored);
            }
            catch (ProcessRestoreException e)
            {
                // The store itself is sound, only its history cannot be replayed: keep it open, run
                // no app, and accept a deploy with --init-app-state, which is a checkpoint that later
                // restores start from.
                return new LiveProcess(store, options, versions, ProcessState.Empty) { RestoreError = e.Message };
            }
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Makes a live process of a state already restored from <paramref name="store"/> (a standby taking over: it
    /// replayed the log as it tailed it, and has just opened the store for writing at the sequence it applied).
    /// The process owns <paramref name="store"/> from here on and disposes it.
    /// </summary>
    /// <param name="store">The store, opened for writing; its last sequence is the one <paramref name="restored"/> reflects.</param>
    /// <param name="options">How the process runs.</param>
    /// <param name="versions">The loader the state's version was loaded with (its compiled cache is reused).</param>
    /// <param name="restored">The state restored through the store's last record.</param>
    internal static LiveProcess FromRestored(IOwnedProcessStore store, RuntimeOptions options, VersionLoader versions, ProcessState restored)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(restored);
        return new LiveProcess(store, options, versions, restored);
    }

    /// <summary>The version loader of a process on <paramref name="store"/>, caching compiled versions in the store's cache folder.</summary>
    internal static VersionLoader NewVersionLoader(IOwnedProcessStore store) =>
        new(store, new CompiledAppCache(store.CompiledCacheDirectory));

    /// <summary>
    /// Hands one public request to the app and waits for its response, which is released only
    /// after the state the request produced is durable.
    /// </summary>
    public async Task<PublicResponse> HandleRequestAsync(PublicRequest request, CancellationToken cancellationToken = default)
    {
        if (_writer.Failure is not null)
        {
            return PublicResponse.Text(503, "The store failed; the server is restarting to recover from disk.");
        }
        if (RestoreError is { } restoreError)
        {
            return PublicResponse.Text(503, $"The app could not be restored: {restoreError}");
        }
        var id = _requestIdPrefix + Interlocked.Increment(ref _nextRequestId);
        var time = _options.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var appEvent = new HttpRequestEvent(id, time, request.Method, request.Path, request.Headers, request.Body);
        var waiting = _responses.Register(id);
        if (Volatile.Read(ref _stoppedServing) is { } stopped)
        {
            _responses.Forget(id);
            return NotServingResponse(stopped);
        }
        if (!_writer.TryEnqueue(new WorkItem.AppEvent(new LoggedEvent.HttpRequest(appEvent))))
        {
            _responses.Forget(id);
            return PublicResponse.Text(503, $"The server is busy: {_options.MaxQueuedEvents} events are already waiting. Retry shortly.");
        }
        // The sweeper in PendingResponses answers 504 when the app never responds.
        if (!cancellationToken.CanBeCanceled)
        {
            return await waiting.ConfigureAwait(false);
        }
        try
        {
            return await waiting.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client went away; the event still happened (it is in the log), only the answer is dropped.
            _responses.Forget(id);
            throw;
        }
    }

    /// <summary>
    /// Deploys a new app version (DESIGN §4): compiles it before pausing the writer, then reads the
    /// state as the version's <c>Prev</c>, migrates (or inits), persists and swaps in one
    /// transaction. Every attempt returns a report and keeps it in the store directory.
    /// </summary>
    public async Task<DeployReport> DeployAsync(AppSource source, DeployMode mode, bool dryRun, CancellationToken cancellationToken = default)
    {
        await _deployGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var report = await DeployUnderGateAsync(source, mode, dryRun, cancellationToken).ConfigureAwait(false);
            try
            {
                Reports.Save(report);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The report is informational (the log is the truth): a full disk must not turn the deploy's
                // answer into an unhandled error. The answer says the report was not kept, and why.
                report = report with { Steps = report.Steps.Add(new DeployStep("keep-report", 0, false, $"the report could not be kept in the store: {e.Message}")) };
            }
            if (report.Outcome == DeployOutcome.Committed && !report.DryRun)
            {
                _metrics.DeployCommitted(report.PauseMilli);
            }
            return report;
        }
        finally
        {
            _deployGate.Release();
        }
    }

    private async Task<DeployReport> DeployUnderGateAsync(AppSource source, DeployMode mode, bool dryRun, CancellationToken cancellationToken)
    {
        var began = _options.Clock.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var reportId = $"{began:yyyyMMdd-HHmmss-fff}-{source.VersionId[..12]}";
        if (mode == DeployMode.Migrate && RestoreError is null && _writer.Current.Version?.VersionId == source.VersionId)
        {
            // The running version's state already is this version's state: migrating it again would run
            // a Migrate on data it produced (and the lenient check would let it through, dropping what
            // the new fields hold). So nothing runs and nothing is recorded.
            return new DeployReport
            {
                Id = reportId,
                BeganAt = began,
                Outcome = DeployOutcome.Unchanged,
                Mode = "migrate",
                DryRun = dryRun,
                PreviousVersionId = source.VersionId,
                NewVersionId = source.VersionId,
                TotalMilli = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                Error = $"Already running version {source.VersionId[..12]}: nothing was deployed, no record was written and no Migrate ran.",
            };
        }
        var compileStarted = Stopwatch.GetTimestamp();
        var compiled = _versions.Cache.GetOrCompile(source);
        var compileMilli = Stopwatch.GetElapsedTime(compileStarted).TotalMilliseconds;
        DeployReport Rejected(string error, ImmutableArray<DeployStep> steps) => new()
        {
            Id = reportId,
            BeganAt = began,
            Outcome = DeployOutcome.Rejected,
            Mode = mode == DeployMode.Init ? "init" : "migrate",
            DryRun = dryRun,
            PreviousVersionId = VersionId,
            NewVersionId = source.VersionId,
            Steps = steps,
            TotalMilli = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            Error = error,
            Diagnostics = compiled is CompileResult.Failure f ? [.. f.Diagnostics.Select(d => d.ToString())] : [],
        };
        if (compiled is not CompileResult.Success success)
        {
            var count = ((CompileResult.Failure)compiled).Diagnostics.Length;
            return Rejected($"The app does not compile or breaks a Conifer rule ({count} diagnostic(s)); fix them and deploy again.",
                [new DeployStep("compile", compileMilli, false, $"{count} diagnostic(s)")]);
        }
        var sourceBlob = SourceBlob.Encode(source);
        AppVersion version;
        try
        {
            version = new AppVersion(success.App.Load(), BlobId.Of(sourceBlob));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Rejected($"The compiled app could not be loaded: {e.Message}",
                [new DeployStep("compile", compileMilli, true, null), new DeployStep("load", 0, false, e.Message)]);
        }
        var compileStep = new DeployStep("compile", compileMilli, true, success.App.IsMetered
            ? _versions.Cache.Directory
            : _versions.Cache.Directory + "; not metered: the metering rewrite did not compile, so a handler of this version that runs away cannot be stopped (a Conifer bug: please report the app)");
        if (RestoreError is { } restoreError && mode != DeployMode.Init)
        {
            return Rejected($"The stored history could not be restored ({restoreError}), so there is no state to migrate. " +
                "Deploy with --init-app-state to start from Init, or restore a backup.", [compileStep]);
        }
        var current = _writer.Current;
        var init = mode == DeployMode.Init || current.Version is null;
        var chain = new MigrationChain.Run([], version.App.Migrations.Length);
        if (!init)
        {
            switch (MigrationChain.Plan(version.App, current.Version!.VersionId, current.Version.App))
            {
                case MigrationChain.Run run:
                    chain = run;
                    break;
                case MigrationChain.Missing missing:
                    version.App.Unload();
                    return Rejected(missing.Error, [compileStep, new DeployStep("plan-migration", 0, false, $"the running version is {current.Version.VersionId[..12]}")]);
                default:
                    throw new InvalidOperationException($"{nameof(LiveProcess)}.{nameof(DeployUnderGateAsync)}: unhandled migration chain.");
            }
        }
        var proofStep = ImmutableArray<DeployStep>.Empty;
        var warnings = ImmutableArray<string>.Empty;
        ProvenResult? proven = null;
        if (_options.ProverCommand is { } command && (init || !chain.Steps.IsEmpty))
        {
            switch (await new MigrationProver(command, _options).ProveAsync(_versions.Cache.Directory, version.VersionId, init, chain.Start, current, cancellationToken).ConfigureAwait(false))
            {
                case ProofResult.Passed passed:
                    proofStep = [new DeployStep("prove", passed.Milli, true, $"ran in a child process; new state {passed.NewStateBytes} bytes")];
                    proven = passed.Result;
                    warnings = passed.Warnings;
                    break;
                case ProofResult.Failed failed:
                    version.App.Unload();
                    return Rejected(failed.Error, [compileStep, new DeployStep("prove", failed.Milli, false, failed.Error)]) with
                    {
                        Mismatches = failed.Mismatches,
                        MigrationException = failed.Exception,
                    };
                default:
                    throw new InvalidOperationException($"{nameof(LiveProcess)}.{nameof(DeployUnderGateAsync)}: unhandled proof result.");
            }
        }
        var prepared = new PreparedDeploy(reportId, began, started, mode, dryRun, version, sourceBlob, [compileStep, .. proofStep], proven, chain.Steps, warnings);
        var done = new TaskCompletionSource<DeployReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _writer.EnqueueAsync(new WorkItem.Deploy(prepared, done), cancellationToken).ConfigureAwait(false);
        var report = await done.Task.ConfigureAwait(false);
        if (report.Outcome == DeployOutcome.Committed)
        {
            _versions.Register(version);
            RestoreError = null;
        }
        else
        {
            version.App.Unload();
        }
        return report;
    }

    /// <summary>
    /// Returns to the code and state an earlier deploy produced (DESIGN §5, <c>conifer revert</c>).
    /// <paramref name="deployId"/> is that deploy's record number (the <c>record</c> column of
    /// <c>conifer history</c>) or its report id. A dry run only says what the revert would discard.
    /// Otherwise the version is loaded and the state read back before the writer pauses; under the writer
    /// one deploy record (mode <c>revert</c>) naming the earlier version, state and timers is appended and
    /// swapped in, with a report kept like any deploy's. Any failure changes nothing. The revert also
    /// mends a store whose history could not be replayed, as it is a checkpoint like any deploy record.
    /// </summary>
    public async Task<RevertResult> RevertAsync(string deployId, bool dryRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deployId);
        if (dryRun)
        {
            var (planned, refusal) = await RevertPreparation.PrepareAsync(_store, _versions, Reports, _options.Clock, deployId, cancellationToken).ConfigureAwait(false);
            return refusal ?? new RevertResult.Planned(planned!.Plan);
        }
        await _deployGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (prepared, refusal) = await RevertPreparation.PrepareAsync(_store, _versions, Reports, _options.Clock, deployId, cancellationToken).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal;
            }
            var done = new TaskCompletionSource<DeployReport>(TaskCreationOptions.RunContinuationsAsynchronously);
            await _writer.EnqueueAsync(new WorkItem.Revert(prepared!, done), cancellationToken).ConfigureAwait(false);
            var report = await done.Task.ConfigureAwait(false);
            Reports.Save(report);
            if (report.Outcome == DeployOutcome.Committed)
            {
                RestoreError = null;
                _metrics.DeployCommitted(report.PauseMilli);
            }
            return new RevertResult.Finished(report);
        }
        finally
        {
            _deployGate.Release();
        }
    }

    /// <summary>The current state as a tree, once everything applied so far is durable; null when no app is deployed.</summary>
    public async Task<(string? VersionId, Value? State)> ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource<ProcessState>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _writer.EnqueueAsync(new WorkItem.ReadState(done), cancellationToken).ConfigureAwait(false);
        var state = await done.Task.ConfigureAwait(false);
        return state.Version is null ? (null, null) : (state.Version.VersionId, state.Version.State.ToTree(state.State));
    }

    /// <summary>Replaces the state (a set-state record), after reading the tree as the current <c>State</c> with the lenient check.</summary>
    public Task<SetStateResult> SetStateAsync(Value tree, CancellationToken cancellationToken = default) => SetStateAsync(tree, null, cancellationToken);

    /// <summary>
    /// Replaces the state with <paramref name="tree"/>, a state of version <paramref name="fromVersionId"/> (an export's stamp).
    /// A state of an earlier version first goes through the running version's migration steps from its
    /// version on (<see cref="MigrationChain"/>), guarded and metered as in a deploy; a version no chain
    /// reaches is refused naming the missing step. The result is read as the current <c>State</c> with the lenient check.
    /// </summary>
    public async Task<SetStateResult> SetStateAsync(Value tree, string? fromVersionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var migrated = ImmutableArray<string>.Empty;
        if (fromVersionId is not null && RestoreError is null && _writer.Current.Version is { } version && fromVersionId != version.VersionId)
        {
            switch (MigrationChain.Plan(version.App, fromVersionId, null))
            {
                case MigrationChain.Missing missing:
                    return new SetStateResult.Refused([missing.Error]);
                case MigrationChain.Run { Steps.IsEmpty: false } run:
                    // Off the writer: user code runs here, and the public app must not wait for it.
                    var outcome = await Task.Run(
                        () => MigrationSteps.Run(version.App, version.State, run.Steps, ValueMessagePackCodec.Encode(tree), _options.MigrationTimeout, ImmutableArray.CreateBuilder<DeployStep>()),
                        cancellationToken).ConfigureAwait(false);
                    switch (outcome)
                    {
                        case MigrationStepsOutcome.Passed passed:
                            tree = version.State.ToTree(passed.NewState);
                            migrated = [.. run.Steps.Select(s => s.Shape.Name)];
                            break;
                        case MigrationStepsOutcome.Rejected rejected:
                            return new SetStateResult.Refused([rejected.Error, .. rejected.Mismatches, .. rejected.MigrationException is { } e ? [e] : Array.Empty<string>()]);
                        default:
                            throw new InvalidOperationException($"{nameof(LiveProcess)}.{nameof(SetStateAsync)}: unhandled migration outcome.");
                    }
                    break;
                case MigrationChain.Run:
                    break;
                default:
                    throw new InvalidOperationException($"{nameof(LiveProcess)}.{nameof(SetStateAsync)}: unhandled migration chain.");
            }
        }
        var result = await SetStateUnmigratedAsync(tree, cancellationToken).ConfigureAwait(false);
        return result is SetStateResult.Applied applied ? applied with { MigratedThrough = migrated } : result;
    }

    private async Task<SetStateResult> SetStateUnmigratedAsync(Value tree, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<SetStateResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _writer.EnqueueAsync(new WorkItem.SetState(tree, done), cancellationToken).ConfigureAwait(false);
        return await done.Task.ConfigureAwait(false);
    }

    /// <summary>The running version's admin functions (empty while no app is deployed).</summary>
    public ImmutableArray<AdminFunctionShape> AdminFunctions =>
        _writer.Current.Version is { } version ? [.. version.App.AdminFunctions.Select(f => f.Shape)] : [];

    /// <summary>
    /// Runs admin function <paramref name="name"/> under the writer with the caller's argument trees
    /// (read as the parameter types with the lenient check). A read returns its value; an update is a
    /// dry run unless <paramref name="commit"/>, which logs it as one record before it is seen.
    /// </summary>
    public async Task<AdminCallResult> ApplyFunctionAsync(string name, ImmutableArray<Value> arguments, bool commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var limit = _options.MigrationTimeout;
        return await RunAdminAsync((state, c) => AdminFunctionCall.Compute(state, name, arguments, c, limit), commit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a C# script (an expression, or statements ending in one) over the current <c>state</c>
    /// (the app's types in scope, its determinism rules applied): read-only unless
    /// <paramref name="commit"/>, which requires the script to return the app's State and logs the
    /// script source as one record that replay runs as written.
    /// </summary>
    public async Task<AdminCallResult> EvalAsync(string source, bool commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var limit = _options.MigrationTimeout;
        // Roslyn takes a while: compile before queuing, so public events do not wait for it. Should a
        // deploy swap the version in between, the writer compiles again for the version it runs.
        var version = _writer.Current.Version;
        var compiled = version is null || RestoreError is not null ? null : await Task.Run(() => ScriptCompiler.Compile(version.App, source, commit), cancellationToken).ConfigureAwait(false);
        return await RunAdminAsync(
            (state, c) => EvalCall.Compute(state, source, c, limit, ReferenceEquals(state.Version, version) ? compiled : null), commit, cancellationToken).ConfigureAwait(false);
    }

    internal async Task<AdminCallResult> RunAdminAsync(Func<ProcessState, bool, AdminComputation> compute, bool commit, CancellationToken cancellationToken)
    {
        if (RestoreError is { } restoreError)
        {
            return new AdminCallResult.Refused(AdminRefusal.NoApp, $"The app could not be restored: {restoreError}");
        }
        var done = new TaskCompletionSource<AdminCallResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _writer.EnqueueAsync(new WorkItem.Admin(compute, commit, done), cancellationToken).ConfigureAwait(false);
        return await done.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// Copies the live store into <paramref name="destination"/> (empty or missing) without pausing the
    /// app: the store copies only durable records, every blob and snapshot they can name, and the deploy
    /// reports. Opening the copy gives the state as of the moment the copy began (or later).
    /// </summary>
    public async Task BackupToAsync(string destination, IProgress<StoreProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await _store.CopyToAsync(destination, progress, cancellationToken).ConfigureAwait(false);
        Reports.CopyTo(destination);
    }

    /// <summary>Drops history before the newest snapshot (a logged truncate record first); nothing is dropped without a snapshot.</summary>
    public Task<TruncateResult> TruncateAsync(CancellationToken cancellationToken = default) => _store.TruncateAsync(cancellationToken);

    /// <summary>Stops the writer after the queued work, waits for durability, and releases the store.</summary>
    public async ValueTask DisposeAsync()
    {
        _metrics.Dispose();
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _store.DisposeAsync().ConfigureAwait(false);
        _responses.Dispose();
        _deployGate.Dispose();
    }
}

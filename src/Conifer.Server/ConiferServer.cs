using Conifer.Compiler;
using Conifer.Runtime;
using Conifer.Runtime.Deploy;
using Conifer.Runtime.Replication;
using Conifer.Runtime.Reports;
using Conifer.Server.Admin;
using Conifer.Server.Public;
using Conifer.Store;
using Conifer.Store.Exceptions;
using Conifer.Store.Locations;
using Microsoft.AspNetCore.Builder;

namespace Conifer.Server;

/// <summary>
/// <c>conifer run-server</c>: the admin interface comes up first and shows restore progress; the
/// process is restored from the store; the public URL listens only once the state is restored. A
/// failed restore leaves the admin interface up and says why.
/// </summary>
public sealed class ConiferServer : IAsyncDisposable
{
    private readonly ServerOptions _options;
    private readonly WebApplication _admin;
    private WebApplication? _public;
    private readonly SemaphoreSlim _restartGate = new(1, 1);
    private readonly TaskCompletionSource<string> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _standbyStop = new();
    private volatile HotStandby? _standby;
    private Task? _standbyRun;
    private int _openedOnce;
    private int _disposing;

    private ConiferServer(ServerOptions options, WebApplication admin, ProcessHolder holder)
    {
        _options = options;
        _admin = admin;
        Holder = holder;
    }

    /// <summary>The hosted process as the admin interface sees it.</summary>
    public ProcessHolder Holder { get; }

    /// <summary>
    /// Completes, with the reason, when this server must stop and its process exit non-zero: it lost its lease or
    /// a newer primary fenced it. By then it already serves nothing.
    /// </summary>
    public Task<string> Stopped => _stopped.Task;

    /// <summary>
    /// Stops serving at once and for good (public requests, waiting responses and admin routes answer 503), then
    /// completes <see cref="Stopped"/>. Called when the store says the lease is lost or a write was fenced: another
    /// process is, or may be about to be, the primary, so nothing this one holds may be shown any more.
    /// </summary>
    public void Fence(string reason)
    {
        var process = Holder.Process;
        Holder.SetFenced(reason);
        process?.StopServing(reason);
        if (_stopped.TrySetResult(reason))
        {
            _options.Log($"conifer: no longer the primary, serving nothing and exiting: {reason}");
        }
    }

    /// <summary>Starts the admin server, restores the process, optionally deploys, then starts the public server.</summary>
    public static async Task<ConiferServer> StartAsync(ServerOptions options, CancellationToken cancellationToken = default)
    {
        var holder = new ProcessHolder();
        var admin = AdminHost.Build(options, holder);
        await admin.StartAsync(cancellationToken).ConfigureAwait(false);
        options.Log($"conifer: admin interface on {options.AdminUrls}");
        // Roslyn's first compile in a process is ~2 s of JIT; pay it now, not in the first deploy.
        _ = AppCompiler.WarmUpAsync();
        var server = new ConiferServer(options, admin, holder);
        if (options.Standby)
        {
            return await server.StartStandbyAsync(cancellationToken).ConfigureAwait(false);
        }
        LiveProcess? process = null;
        try
        {
            process = await server.RestoreAsync(cancellationToken).ConfigureAwait(false);
            if (process is not null && options.DeployOnStart is { } source)
            {
                await server.DeployOnStartAsync(process, source, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is StoreLockedException or StoreLeaseHeldException or StoreNotWritableException or OperationCanceledException)
        {
            // Stopped while starting (a signal during a long replay or the deploy on start), or the
            // store is someone else's: release what was opened, so the process can exit.
            if (process is not null)
            {
                await process.DisposeAsync().ConfigureAwait(false);
            }
            await admin.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await admin.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        server._public = PublicHost.Build(options, holder);
        await server._public.StartAsync(cancellationToken).ConfigureAwait(false);
        options.Log($"conifer: public app on {options.PublicUrls}");
        return server;
    }

    // The store as the log shows it: a database URI without its password.
    private string StoreShown => StoreLocation.IsDatabase(_options.ProcessStore) ? DatabaseLocation.Redact(_options.ProcessStore) : _options.ProcessStore;

    private async Task<LiveProcess?> RestoreAsync(CancellationToken cancellationToken = default)
    {
        Holder.SetRestoring();
        try
        {
            var process = await LiveProcess.OpenAsync(
                RuntimeOptionsFor() with
                {
                    // Only the first open may accept a loss: a later reopen (after a failed write) must not cut
                    // acknowledged records on the strength of a flag given for an earlier state of the disk.
                    StoreOptions = new StoreOptions { AcceptDataLoss = _options.AcceptDataLoss && Interlocked.Exchange(ref _openedOnce, 1) == 0 },
                },
                Holder.ProgressSink,
                cancellationToken).ConfigureAwait(false);
            Adopt(process);
            _options.Log(process.RestoreError is { } error
                ? $"conifer: the history in {StoreShown} cannot be replayed: {error} The admin interface accepts a deploy with --init-app-state."
                : $"conifer: restored {StoreShown} (version {process.VersionId ?? "none"}, record {process.LastSequence})");
            return process;
        }
        catch (Exception e) when (e is not (OutOfMemoryException or StoreLockedException or StoreLeaseHeldException or StoreNotWritableException or OperationCanceledException))
        {
            Holder.SetFailed(e.Message);
            _options.Log($"conifer: the process could not be restored: {e.Message}");
            return null;
        }
    }

    /// <summary>Makes <paramref name="process"/> the one this server serves: hears its store fail and its writer be fenced.</summary>
    private void Adopt(LiveProcess process)
    {
        process.Failed += OnStoreFailed;
        // A database store's writer can be fenced by a newer primary or lose its lease: from then on nothing this
        // process holds may be served. A folder's never completes.
        _ = process.WriterLost.ContinueWith(
            lost =>
            {
                // Only the process being served: one this server closes itself (a reopen, the shutdown) is not fenced.
                if (Volatile.Read(ref _disposing) == 0 && ReferenceEquals(Holder.Process, process))
                {
                    Fence(lost.Result);
                }
            },
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        foreach (var repair in process.StoreRepairs)
        {
            _options.Log($"conifer: warning: opening {StoreShown} {repair}");
        }
        Holder.SetReady(process);
    }

    /// <summary>
    /// A hot standby (DESIGN §8): the public URL listens at once and answers 503 naming the primary; the store is
    /// followed into a warm state in the background, and once the primary's lease lapses and this server wins the
    /// takeover, the warm process becomes the one served.
    /// </summary>
    private async Task<ConiferServer> StartStandbyAsync(CancellationToken cancellationToken)
    {
        if (Conifer.Store.Locations.StoreLocation.Parse(_options.ProcessStore) is not Conifer.Store.Locations.DatabaseLocation location)
        {
            await _admin.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await _admin.DisposeAsync().ConfigureAwait(false);
            throw new ArgumentException($"--standby follows a replicated store: give --process-store a postgresql:// URI, not the folder '{_options.ProcessStore}' (a folder has one owner and nothing to follow).");
        }

        Holder.SetStandby(() => _standby?.Status ?? new ReplicationStatus(ProcessRole.Standby, null, null, 0, 0, 0));
        _public = PublicHost.Build(_options, Holder);
        await _public.StartAsync(cancellationToken).ConfigureAwait(false);
        _options.Log($"conifer: standby for {location.Display}; public app on {_options.PublicUrls} answers 503 until this server takes over");
        _standbyRun = Task.Run(() => FollowAsync(location, _standbyStop.Token), CancellationToken.None);
        return this;
    }

    private async Task FollowAsync(Conifer.Store.Locations.DatabaseLocation location, CancellationToken cancellationToken)
    {
        var options = RuntimeOptionsFor();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                _standby = await HotStandby.OpenAsync(location, options, Holder.ProgressSink, cancellationToken).ConfigureAwait(false);
                _options.Log($"conifer: standby warm at record {_standby.Status.AppliedSequence}; following the primary");
                var process = await _standby.RunUntilTakeOverAsync(_options.Replication ?? ReplicationOptions.Default, cancellationToken).ConfigureAwait(false);
                _options.Log($"conifer: {_standby.TakeoverNote}; serving version {process.VersionId ?? "none"} at record {process.LastSequence}");
                await _standby.DisposeAsync().ConfigureAwait(false);
                _standby = null;
                Adopt(process);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The database is unreachable or a record cannot be applied: say so, and follow again from the store.
                _options.Log($"conifer: standby: {e.Message}; following again in 1 s");
                if (_standby is { } broken)
                {
                    _standby = null;
                    await broken.DisposeAsync().ConfigureAwait(false);
                }
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private RuntimeOptions RuntimeOptionsFor() => new()
    {
        StoreDirectory = _options.ProcessStore,
        Replication = _options.Replication,
        RequestTimeout = _options.RequestTimeout,
        MaxQueuedEvents = _options.MaxQueuedEvents,
        MigrationTimeout = _options.MigrationTimeout,
        EventTimeLimit = _options.EventTimeLimit,
        ProverCommand = _options.ProverCommand,
        SnapshotEveryRecords = _options.SnapshotEveryRecords,
    };

    private async Task DeployOnStartAsync(LiveProcess process, string source, CancellationToken cancellationToken)
    {
        var report = await process.DeployAsync(AppSource.FromDirectory(source), DeployMode.Migrate, dryRun: false, cancellationToken).ConfigureAwait(false);
        _options.Log(report.Outcome switch
        {
            DeployOutcome.Rejected => $"conifer: deploy of {source} rejected: {report.Error}{string.Concat(report.Diagnostics.Concat(report.Mismatches).Select(d => Environment.NewLine + "  " + d))}",
            DeployOutcome.Unchanged => $"conifer: {source} is already running version {report.NewVersionId}; nothing was deployed and no Migrate ran",
            _ => $"conifer: deployed {source} as version {report.NewVersionId} ({report.Mode}, pause {report.PauseMilli:0.0} ms)"
                + string.Concat(report.Warnings.Select(w => Environment.NewLine + "  warning: " + w)),
        });
    }

    // A failed write or fsync is never retried: the process is reopened from what is on disk,
    // which is the only state known to be durable.
    private void OnStoreFailed(Exception error) => _ = Task.Run(async () =>
    {
        await _restartGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stopped.Task.IsCompleted)
            {
                return;
            }
            // Fenced, not failed: reopening would take the lease back from the newer primary. The store fails its
            // appends before it completes WriterLost, so the exception says so first.
            if (Holder.Process is { WriterLost.IsCompleted: true } lost)
            {
                Fence(await lost.WriterLost.ConfigureAwait(false));
                return;
            }
            if (error is StoreFencedException || error.InnerException is StoreFencedException)
            {
                Fence(error.Message);
                return;
            }
            _options.Log($"conifer: the store failed ({error.Message}); reopening from {StoreShown}");
            if (Holder.Process is { } failed)
            {
                Holder.SetRestoring();
                await failed.DisposeAsync().ConfigureAwait(false);
            }
            try
            {
                // A database that is restarting or failing over refuses connections for a while: a store there is
                // reopened until it answers (or another process took the lease meanwhile). A folder is tried once.
                var database = Conifer.Store.Locations.StoreLocation.IsDatabase(_options.ProcessStore);
                for (var attempt = 1; await RestoreAsync().ConfigureAwait(false) is null && database && Volatile.Read(ref _disposing) == 0; attempt++)
                {
                    _options.Log($"conifer: reopening {StoreShown} failed ({Holder.Error}); trying again in 1 s (attempt {attempt})");
                    await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                }
            }
            catch (StoreLeaseHeldException e)
            {
                // Another process took the writer's lease while this one was failing: it is the primary now.
                Fence(e.Message);
            }
        }
        finally
        {
            _restartGate.Release();
        }
    });

    /// <summary>Stops both servers and closes the process cleanly.</summary>
    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref _disposing, 1);
        await _standbyStop.CancelAsync().ConfigureAwait(false);
        if (_standbyRun is not null)
        {
            await _standbyRun.ConfigureAwait(false);
        }
        if (_standby is { } standby)
        {
            await standby.DisposeAsync().ConfigureAwait(false);
        }
        if (_public is not null)
        {
            await _public.StopAsync().ConfigureAwait(false);
            await _public.DisposeAsync().ConfigureAwait(false);
        }
        if (Holder.Process is { } process)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }
        await _admin.StopAsync().ConfigureAwait(false);
        await _admin.DisposeAsync().ConfigureAwait(false);
        _restartGate.Dispose();
        _standbyStop.Dispose();
    }
}

using System.CommandLine;
using System.Runtime.InteropServices;
using Conifer.Server;
using Conifer.Store;
using Conifer.Store.Exceptions;

namespace Conifer.Cli.Commands;

/// <summary><c>conifer run-server</c>: host the process on a store until stopped.</summary>
internal static class RunServerCommand
{
    // How long a clean shutdown may take before the process exits without it.
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(20);

    private static string? FirstUrl(string urls) =>
        urls.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();

    public static Command Create()
    {
        var store = new Option<string>("--process-store") { Description = "The process store: " + StoreArgument.Help + " (a folder is created when missing).", DefaultValueFactory = _ => "./conifer-store" };
        var publicUrls = new Option<string>("--public-urls") { Description = "Where the public app listens.", DefaultValueFactory = _ => "http://127.0.0.1:5000" };
        var adminUrls = new Option<string>("--admin-urls") { Description = "Where the admin interface listens.", DefaultValueFactory = _ => "http://127.0.0.1:4000" };
        var password = CommonOptions.AdminPassword();
        var deploy = new Option<string?>("--deploy") { Description = "A source folder to deploy on start: init into an empty store, migrate otherwise." };
        var migrationTimeout = new Option<double>("--migration-timeout") { Description = "Seconds a deploy's Migrate or Init may run.", DefaultValueFactory = _ => 60 };
        var eventTimeLimit = new Option<double>("--event-time-limit")
        {
            Description = "Seconds the app may run for one event; a handler that runs longer is stopped and the event refused with 500, unchanged (0: no limit).",
            DefaultValueFactory = _ => 10,
        };
        var otlpEndpoint = new Option<string?>("--otlp-endpoint") { Description = "Push metrics over OTLP to this collector (default: OTEL_EXPORTER_OTLP_ENDPOINT; Prometheus can always scrape GET /metrics on the admin URL)." };
        var snapshotEvery = new Option<int>("--snapshot-every")
        {
            Description = "Log records after which a background snapshot is written (a shorter replay on restart).",
            DefaultValueFactory = _ => 100_000,
        };
        snapshotEvery.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--snapshot-every must be at least 1.");
            }
        });
        var acceptDataLoss = new Option<bool>("--accept-data-loss")
        {
            Description = "Open a store whose log ends before its high-water mark by cutting it there: acknowledged records are lost. " +
                "Only after reading why the open refused; the loss is logged and kept in the store's history.",
        };
        var leaseTtl = new Option<double>("--lease-ttl")
        {
            Description = "With a database store: seconds the writer's lease lasts after each renewal; a standby takes over once it lapses, " +
                "and this server stops serving when it could not renew it in time.",
            DefaultValueFactory = _ => ReplicationOptions.Default.LeaseTtl.TotalSeconds,
        };
        leaseTtl.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is not (> 0 and <= 3600))
            {
                r.AddError("--lease-ttl must be more than 0 and at most 3600 seconds.");
            }
        });
        var standby = new Option<bool>("--standby")
        {
            Description = "With a database store: run as a hot standby. Follow the log into a warm state, answer public requests 503 naming " +
                "the primary, and take over once the primary's lease lapses.",
        };
        var command = new Command("run-server", "Host an app: restore it from the process store, serve the public app and the admin interface.")
        {
            store, publicUrls, adminUrls, password, deploy, migrationTimeout, eventTimeLimit, otlpEndpoint, snapshotEvery, acceptDataLoss, leaseTtl, standby,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (await StoreArgument.ParseAsync("run-server", result.GetValue(store)!).ConfigureAwait(false) is not { } location)
            {
                return ExitCodes.UsageOrConnection;
            }
            if (result.GetValue(standby) && location is not Conifer.Store.Locations.DatabaseLocation)
            {
                await Console.Error.WriteLineAsync($"conifer run-server: --standby follows a replicated store; give --process-store a postgresql://user@host:port/db?app=NAME URI (a folder has one owner and nothing to follow).").ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            }
            if (result.GetValue(standby) && result.GetValue(deploy) is not null)
            {
                await Console.Error.WriteLineAsync("conifer run-server: a standby deploys nothing (it loads what the primary deployed); drop --deploy, or deploy to the primary.").ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            }
            var options = new ServerOptions
            {
                ProcessStore = result.GetValue(store)!,
                PublicUrls = result.GetValue(publicUrls)!,
                AdminUrls = result.GetValue(adminUrls)!,
                AdminPassword = CommonOptions.ResolvePassword(result, password),
                DeployOnStart = result.GetValue(deploy),
                MigrationTimeout = TimeSpan.FromSeconds(result.GetValue(migrationTimeout)),
                EventTimeLimit = TimeSpan.FromSeconds(result.GetValue(eventTimeLimit)),
                ProverCommand = SelfCommand.Resolve(),
                OtlpEndpoint = result.GetValue(otlpEndpoint),
                SnapshotEveryRecords = result.GetValue(snapshotEvery),
                AcceptDataLoss = result.GetValue(acceptDataLoss),
                Standby = result.GetValue(standby),
                // The public URL goes into the lease, so that a standby (and people) can name the primary.
                Replication = new ReplicationOptions { LeaseTtl = TimeSpan.FromSeconds(result.GetValue(leaseTtl)), PublicUrl = FirstUrl(result.GetValue(publicUrls)!) },
            };
            if (options.DeployOnStart is { } source && FolderArgument.Problem("run-server", "source folder", source) is { } problem)
            {
                await Console.Error.WriteLineAsync(problem).ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            }
            if (options.AdminPassword is null)
            {
                Console.WriteLine("conifer: no admin password set (--admin-password or CONIFER_ADMIN_PASSWORD); admin routes will answer 403.");
            }
            // Kestrel's hosts take SIGTERM and SIGINT for themselves (they cancel the default exit and
            // stop only their own host), so the process listens for them too and shuts down whole. It
            // listens before the store is opened: a signal while the history is replayed (which may be
            // long) or a deploy runs on start stops those too.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
            using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
            ConiferServer server;
            try
            {
                server = await ConiferServer.StartAsync(options, stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or StoreLockedException or StoreLeaseHeldException or StoreNotWritableException)
            {
                await Console.Error.WriteLineAsync(PortInUse.Describe(e, options.PublicUrls, options.AdminUrls) ?? $"conifer run-server: {e.Message}").ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                Console.WriteLine("conifer: stopped while starting");
                return ExitCodes.Success;
            }
            string? fenced = null;
            var stopRequested = Task.Delay(Timeout.Infinite, stop.Token);
            if (await Task.WhenAny(stopRequested, server.Stopped).ConfigureAwait(false) == server.Stopped)
            {
                fenced = await server.Stopped.ConfigureAwait(false);
            }
            else
            {
                Console.WriteLine("conifer: stopping");
            }
            // Everything acknowledged is durable already, so a shutdown that cannot finish (a store
            // that stopped answering) may be left behind: the next open recovers from the log.
            var stopping = server.DisposeAsync().AsTask();
            if (await Task.WhenAny(stopping, Task.Delay(ShutdownTimeout, CancellationToken.None)).ConfigureAwait(false) != stopping)
            {
                await Console.Error.WriteLineAsync($"conifer: the server did not stop within {ShutdownTimeout.TotalSeconds:0} s; exiting without waiting (acknowledged writes are durable).").ConfigureAwait(false);
                return ExitCodes.Rejected;
            }
            if (fenced is not null)
            {
                // Non-zero, so that a supervisor notices; it should restart this server as a standby.
                await Console.Error.WriteLineAsync($"conifer run-server: this server is no longer the primary: {fenced}").ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            }
            return ExitCodes.Success;
        });
        return command;
    }
}

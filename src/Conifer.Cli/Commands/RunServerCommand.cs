using System.CommandLine;
using System.Runtime.InteropServices;
using Conifer.Server;
using Conifer.Store.Exceptions;

namespace Conifer.Cli.Commands;

/// <summary><c>conifer run-server</c>: host the process on a store until stopped.</summary>
internal static class RunServerCommand
{
    public static Command Create()
    {
        var store = new Option<string>("--process-store") { Description = "The process store directory.", DefaultValueFactory = _ => "./conifer-store" };
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
        var command = new Command("run-server", "Host an app: restore it from the process store, serve the public app and the admin interface.")
        {
            store, publicUrls, adminUrls, password, deploy, migrationTimeout, eventTimeLimit, otlpEndpoint, snapshotEvery, acceptDataLoss,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
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
            };
            if (options.DeployOnStart is { } source && !Directory.Exists(source))
            {
                await Console.Error.WriteLineAsync($"conifer run-server: the source folder '{source}' does not exist.").ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            }
            if (options.AdminPassword is null)
            {
                Console.WriteLine("conifer: no admin password set (--admin-password or CONIFER_ADMIN_PASSWORD); admin routes will answer 403.");
            }
            ConiferServer server;
            try
            {
                server = await ConiferServer.StartAsync(options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or StoreLockedException or StoreNotWritableException)
            {
                await Console.Error.WriteLineAsync($"conifer run-server: {e.Message}").ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            }
            // Kestrel's hosts take SIGTERM and SIGINT for themselves (they cancel the default exit and
            // stop only their own host), so the process listens for them too and shuts down whole.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
            using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
            await using (server.ConfigureAwait(false))
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    Console.WriteLine("conifer: stopping");
                }
            }
            return ExitCodes.Success;
        });
        return command;
    }
}

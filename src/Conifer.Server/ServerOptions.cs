namespace Conifer.Server;

/// <summary>What <c>conifer run-server</c> was asked to do.</summary>
public sealed record ServerOptions
{
    /// <summary>
    /// Where the process store is: a folder (created when missing) or a <c>postgresql://user@host:port/db?app=NAME</c>
    /// URI (<see cref="Conifer.Store.Locations.StoreLocation.Parse"/>).
    /// </summary>
    public string ProcessStore { get; init; } = "./conifer-store";

    /// <summary>How the server holds the writer's lease of a database store (a folder ignores them); null for the defaults.</summary>
    public Conifer.Store.ReplicationOptions? Replication { get; init; }

    /// <summary>
    /// Run as a hot standby of a database store (DESIGN §8): follow the log into a warm state, serve nothing (public 503
    /// naming the primary, ready 503) and take over once the primary's lease lapses.
    /// </summary>
    public bool Standby { get; init; }

    /// <summary>Where the public app listens (comma- or semicolon-separated URLs).</summary>
    public string PublicUrls { get; init; } = "http://127.0.0.1:5000";

    /// <summary>Where the admin interface listens; never the same as the public URLs.</summary>
    public string AdminUrls { get; init; } = "http://127.0.0.1:4000";

    /// <summary>The admin password; without one every admin route answers 403.</summary>
    public string? AdminPassword { get; init; }

    /// <summary>A source folder to deploy on start: init into an empty store, migrate otherwise.</summary>
    public string? DeployOnStart { get; init; }

    /// <summary>The largest public request body; larger ones get 413.</summary>
    public long MaxPublicBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>The largest admin request body (deploy uploads, set-state).</summary>
    public long MaxAdminBodyBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>How long a public request may wait for the app's response.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Events waiting for the writer before public requests get 503.</summary>
    public int MaxQueuedEvents { get; init; } = 10_000;

    /// <summary>How long the app may run for one event before it is stopped and the event refused.</summary>
    public TimeSpan EventTimeLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a deploy's <c>Migrate</c> or <c>Init</c> may run.</summary>
    public TimeSpan MigrationTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How to start the CLI's hidden proving command; null proves migrations in process only.</summary>
    public System.Collections.Immutable.ImmutableArray<string>? ProverCommand { get; init; }

    /// <summary>
    /// Where to push metrics over OTLP (like <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, which is used when this is null);
    /// without either, metrics are only served for Prometheus at <c>GET /metrics</c> on the admin URL.
    /// </summary>
    public string? OtlpEndpoint { get; init; }

    /// <summary>Log records after which the writer starts a background snapshot (a shorter replay on restart, a fresher high-water mark).</summary>
    public int SnapshotEveryRecords { get; init; } = 100_000;

    /// <summary>
    /// Whether the first open may cut a log that ends before its high-water mark, accepting the loss of acknowledged
    /// records (<c>--accept-data-loss</c>); the open refuses otherwise. The loss is logged and kept in the repair journal.
    /// </summary>
    public bool AcceptDataLoss { get; init; }

    /// <summary>Writes a line a person watching the server should see.</summary>
    public Action<string> Log { get; init; } = Console.WriteLine;
}

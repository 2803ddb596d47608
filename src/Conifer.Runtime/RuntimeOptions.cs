using Conifer.Store;
using Conifer.Store.Locations;

namespace Conifer.Runtime;

/// <summary>How a <see cref="LiveProcess"/> runs: where its store is and the limits it enforces.</summary>
public sealed record RuntimeOptions
{
    /// <summary>
    /// Where the process store is, as a person writes it: a folder (created when missing) or a
    /// <c>postgresql://user@host:port/db?app=NAME</c> URI. <see cref="Location"/> wins when both are set.
    /// </summary>
    public string? StoreDirectory { get; init; }

    /// <summary>Where the process store is; when null, <see cref="StoreDirectory"/> is read with <see cref="StoreLocation.Parse"/>.</summary>
    public StoreLocation? Location { get; init; }

    /// <summary>How the process holds the writer's lease of a replicated store; null for the defaults. A folder ignores them.</summary>
    public ReplicationOptions? Replication { get; init; }

    /// <summary>Events waiting for the writer before new public requests get 503 instead of queuing without bound.</summary>
    public int MaxQueuedEvents { get; init; } = 10_000;

    /// <summary>How long a public request may wait for the app's response before it gets 504.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long one call of app code for an event (<c>OnHttpRequest</c>, <c>OnTimer</c>,
    /// <c>OnHttpResponse</c>) may run before it is stopped and the event is refused unchanged.
    /// </summary>
    public TimeSpan EventTimeLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long past <see cref="EventTimeLimit"/> a call for an event may still take before the writer
    /// abandons it (a framework call that never returns): the event is failed with 500, the writer goes on
    /// on a fresh thread, and the call's result, should it ever come, is dropped.
    /// </summary>
    public TimeSpan AbandonGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long replaying one record may take, as a multiple of the limit it ran under when it was
    /// made (<see cref="EventTimeLimit"/> for app events, <see cref="MigrationTimeout"/> for admin
    /// functions and eval scripts). A record that takes longer stops the restore with an error naming it.
    /// </summary>
    public int ReplayLimitFactor { get; init; } = 10;

    /// <summary>How long <c>Migrate</c> or <c>Init</c> may run during a deploy.</summary>
    public TimeSpan MigrationTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The heap limit of a deploy's proving process (at least 16 times the encoded state is allowed).</summary>
    public long MigrationMemoryLimitBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>
    /// How to start this program's hidden proving command (e.g. <c>dotnet conifer.dll</c>); null runs
    /// user code only in process, guarded by a timeout (tests of the runtime library, tools).
    /// </summary>
    public System.Collections.Immutable.ImmutableArray<string>? ProverCommand { get; init; }

    /// <summary>Log records after which the writer starts a background snapshot.</summary>
    public int SnapshotEveryRecords { get; init; } = 100_000;

    /// <summary>Options of the embedded store (tests inject a file system that fails or blocks).</summary>
    public StoreOptions? StoreOptions { get; init; }

    /// <summary>The store location these options name.</summary>
    /// <exception cref="InvalidOperationException">Neither <see cref="Location"/> nor <see cref="StoreDirectory"/> is set.</exception>
    /// <exception cref="FormatException"><see cref="StoreDirectory"/> is a database URI that cannot be used.</exception>
    public StoreLocation ResolveLocation() =>
        Location ?? (StoreDirectory is { } text
            ? StoreLocation.Parse(text)
            : throw new InvalidOperationException($"{nameof(RuntimeOptions)} names no store: set {nameof(Location)} or {nameof(StoreDirectory)}."));

    /// <summary>Clock for event times; tests replace it. Only the runtime reads it, never app code.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

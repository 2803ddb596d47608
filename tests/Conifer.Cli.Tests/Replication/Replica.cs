using System.Net;
using Conifer.Cli.Tests.Harness;
using Conifer.Tests.Shared.Postgres;

namespace Conifer.Cli.Tests.Replication;

/// <summary>
/// Primaries and standbys of one app on one database, as real <c>conifer run-server</c> processes with a short lease,
/// and the waits the fault tests share (a takeover, an exit).
/// </summary>
internal static class Replica
{
    /// <summary>The lease, short so that a takeover takes seconds; every process of a test uses the same.</summary>
    public const double LeaseTtlSeconds = 2;

    /// <summary>The environment variable that switches fencing off in the product, for the negative controls.</summary>
    public const string UnsafeNoFencing = "CONIFER_TEST_UNSAFE_NO_FENCING";

    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(LeaseTtlSeconds);

    /// <summary>A fresh database on the shared cluster and the store URI of app <paramref name="app"/> in it.</summary>
    public static (string Database, string Store) NewStore(string prefix, string app = "ids")
    {
        var database = PostgresCluster.Shared.CreateDatabase(prefix);
        return (database, $"{database}?app={app}");
    }

    public static Task<ServerProcess> StartPrimaryAsync(string store, string? deploy = null, bool fencing = true) =>
        ServerProcess.StartAsync(
            store, deploy, extraArgs: ["--lease-ttl", LeaseTtlSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            environment: fencing ? null : new Dictionary<string, string> { [UnsafeNoFencing] = "1" });

    /// <summary>
    /// A hot standby, returned once warm (it has followed the log to the head): it listens (public answers 503 naming
    /// the primary) but is not ready until it takes over.
    /// </summary>
    public static async Task<ServerProcess> StartStandbyAsync(string store)
    {
        var standby = await ServerProcess.StartAsync(store, extraArgs: ["--standby", "--lease-ttl", LeaseTtlSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)], requireReady: false);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!standby.Log.Contains("standby warm at record", StringComparison.Ordinal))
        {
            if (standby.HasExited || DateTime.UtcNow > deadline)
            {
                var log = standby.Log;
                await standby.DisposeAsync();
                throw new TimeoutException("The standby did not become warm within 60 s:\n" + log);
            }
            await Task.Delay(50);
        }
        return standby;
    }

    /// <summary>
    /// A primary (deploying <paramref name="deploy"/>) and <paramref name="standbys"/> standbys. The standbys start once
    /// the primary holds the lease (while its deploy still compiles), never before: a standby takes over a store whose
    /// lease has lapsed, and a store nobody opened yet has no lease at all. If one fails to start, the others are
    /// stopped before the exception propagates.
    /// </summary>
    public static async Task<(ServerProcess Primary, ServerProcess[] Standbys)> StartGroupAsync(
        PostgresCluster cluster, string database, string primaryStore, string standbyStore, string deploy, int standbys = 1, bool fencing = true)
    {
        var primary = StartPrimaryAsync(primaryStore, deploy, fencing);
        Task<ServerProcess>[] followers = [];
        try
        {
            await WaitForLeaseAsync(cluster, database, primary);
            followers = [.. Enumerable.Range(0, standbys).Select(_ => StartStandbyAsync(standbyStore))];
            await Task.WhenAll([primary, .. followers]);
        }
        catch
        {
            foreach (var started in followers.Append(primary))
            {
                try
                {
                    await (await started).DisposeAsync();
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException)
                {
                    // It never started (and StartAsync stopped it).
                }
            }
            throw;
        }
        return (primary.Result, [.. followers.Select(f => f.Result)]);
    }

    /// <summary>Waits until app <c>ids</c> has a live lease in <paramref name="database"/> (or <paramref name="primary"/> finished starting, or failed).</summary>
    private static async Task WaitForLeaseAsync(PostgresCluster cluster, string database, Task<ServerProcess> primary)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!primary.IsCompleted && DateTime.UtcNow < deadline)
        {
            try
            {
                if (await cluster.ScalarAsync<long>(database, "SELECT count(*) FROM conifer.heads WHERE app = 'ids' AND lease_until > now()") == 1)
                {
                    return;
                }
            }
            catch (Npgsql.PostgresException e) when (e.SqlState is "42P01" or "3F000")
            {
                // The primary has not created the tables yet.
            }
            await Task.Delay(50);
        }
        await primary;
    }

    public static async Task<bool> IsReadyAsync(ServerProcess server)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await probe.GetAsync(server.AdminUrl + "/health/ready");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>Waits until one of <paramref name="candidates"/> is ready (it took over), polling every 50 ms (at least once); null after <paramref name="limit"/>.</summary>
    public static async Task<ServerProcess?> WaitForTakeoverAsync(IReadOnlyList<ServerProcess> candidates, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            foreach (var candidate in candidates)
            {
                if (!candidate.HasExited && await IsReadyAsync(candidate))
                {
                    return candidate;
                }
            }
            if (DateTime.UtcNow >= deadline)
            {
                return null;
            }
            await Task.Delay(50);
        }
    }

    /// <summary>The ids the app on <paramref name="server"/> lists, in order (duplicates kept).</summary>
    public static async Task<IReadOnlyList<string>> ReadIdsAsync(ServerProcess server) =>
        (await server.GetAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Every process's log, for a failure message.</summary>
    public static string Logs(params ServerProcess?[] servers) =>
        string.Join("\n", servers.Where(s => s is not null).Select(s => $"--- pid {s!.ProcessId} ({s.PublicUrl}){(s.HasExited ? $", exited {s.ExitCode}" : "")}\n{Tail(s.Log)}"));

    private static string Tail(string log) => log.Length <= 4000 ? log : "…" + log[^4000..];
}

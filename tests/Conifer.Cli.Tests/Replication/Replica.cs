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

    /// <summary>Waits until one of <paramref name="candidates"/> is ready (it took over), polling every 50 ms; null after <paramref name="limit"/>.</summary>
    public static async Task<ServerProcess?> WaitForTakeoverAsync(IReadOnlyList<ServerProcess> candidates, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var candidate in candidates)
            {
                if (!candidate.HasExited && await IsReadyAsync(candidate))
                {
                    return candidate;
                }
            }
            await Task.Delay(50);
        }
        return null;
    }

    /// <summary>The ids the app on <paramref name="server"/> lists, in order (duplicates kept).</summary>
    public static async Task<IReadOnlyList<string>> ReadIdsAsync(ServerProcess server) =>
        (await server.GetAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Every process's log, for a failure message.</summary>
    public static string Logs(params ServerProcess?[] servers) =>
        string.Join("\n", servers.Where(s => s is not null).Select(s => $"--- pid {s!.ProcessId} ({s.PublicUrl}){(s.HasExited ? $", exited {s.ExitCode}" : "")}\n{Tail(s.Log)}"));

    private static string Tail(string log) => log.Length <= 4000 ? log : "…" + log[^4000..];
}

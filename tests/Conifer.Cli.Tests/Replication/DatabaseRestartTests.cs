using Conifer.Cli.Tests.Harness;
using Conifer.Tests.Shared.Postgres;
using Xunit.Abstractions;

namespace Conifer.Cli.Tests.Replication;

/// <summary>
/// PostgreSQL itself restarted under load (fast shutdown: every connection broken, open transactions rolled back):
/// acknowledged writes survive; the primary either reopens the store and serves on, or steps down (exits non-zero)
/// and the standby takes over; either way writes succeed afterwards. Once as a plain restart (down for well under
/// the lease), once down for longer than the lease, when the primary cannot keep it and must step down.
/// </summary>
[Collection(ReplicationFaultCollection.Name)]
public sealed class DatabaseRestartTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0)]
    [InlineData(3000)]
    public async Task A_database_restart_under_load_loses_no_acknowledged_id_and_writes_resume(int downMs)
    {
        using var temp = new TempDirectory();
        // A cluster of its own: restarting the shared one would break every other test using it.
        await using var cluster = await PostgresCluster.StartPrivateAsync();
        var database = cluster.CreateDatabase("restart");
        var store = $"{database}?app=ids";
        var (started, standbys) = await Replica.StartGroupAsync(cluster, database, store, store, IdsApp.WriteTo(temp.Sub("app")));
        await using var primary = started;
        await using var standby = standbys[0];
        var ledger = new IdLedger();

        using (var stop = new CancellationTokenSource())
        {
            var load = ledger.RunAsync(primary.PublicUrl, "load", clients: 4, stop.Token);
            await Task.Delay(700);
            if (downMs == 0)
            {
                await cluster.RestartAsync();
            }
            else
            {
                await cluster.StopAsync();
                await Task.Delay(downMs);
                await cluster.StartAsync();
            }
            await Task.Delay(300);
            await stop.CancelAsync();
            await load.WaitAsync(TimeSpan.FromSeconds(30));
        }
        // Two lease periods: a primary that steps down has done so by then, and is not taken for the one serving.
        await Task.Delay(2 * Replica.Ttl);
        var serving = await Replica.WaitForTakeoverAsync([primary, standby], TimeSpan.FromSeconds(30));
        Assert.True(serving is not null, "nobody serves after the restart:\n" + Replica.Logs(primary, standby));
        var primaryExit = serving == standby ? await primary.TryWaitForExitAsync(TimeSpan.FromSeconds(10)) : null;
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var after = 0;
        for (var n = 0; n < 20; n++)
        {
            after += await ledger.PostAsync(client, serving!.PublicUrl, $"after-{n}") == 200 ? 1 : 0;
        }

        var check = ledger.Check(await Replica.ReadIdsAsync(serving!));
        var audit = await LogAudit.ReadAsync(cluster, database, "ids");
        var verify = await LogAudit.VerifyAsync(store);
        var outcome = serving == primary ? "the primary reopened and serves on" : $"the primary stepped down (exit {primaryExit?.ToString() ?? "none yet"}) and the standby took over";
        var report = $"down {(downMs == 0 ? "for a restart" : $"{downMs} ms")}: {outcome}; acknowledged after the restart: {after}/20; {check}; log: {audit}";
        output.WriteLine(report);
        Console.WriteLine("DatabaseRestartTests: " + report);

        if (serving == standby)
        {
            Assert.True(primaryExit is { } code && code != 0, "the primary neither serves again nor exits (a supervisor would never restart it as a standby): " + report + "\n" + Replica.Logs(primary));
        }
        Assert.Equal(20, after);
        check.AssertClean();
        Assert.True(audit.Contiguous && audit.EpochRegressions == 0, report);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }
}

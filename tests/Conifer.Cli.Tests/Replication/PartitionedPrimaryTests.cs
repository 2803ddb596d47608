using Conifer.Cli.Tests.Harness;
using Conifer.Tests.Shared.Network;
using Conifer.Tests.Shared.Postgres;
using Xunit.Abstractions;

namespace Conifer.Cli.Tests.Replication;

/// <summary>
/// The primary's path to PostgreSQL cut while the standby still reaches the database, then healed: a blackhole
/// (nothing moves, nothing fails: the partition) or a reset (every connection refused at once). With fencing the
/// primary stops serving by its lease deadline and exits non-zero, the standby takes over, and no record of the old
/// epoch follows the new one; without (the negative control, blackhole) the same check must see the split brain.
/// </summary>
[Collection(ReplicationFaultCollection.Name)]
public sealed class PartitionedPrimaryTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(true, CutMode.Blackhole)]
    [InlineData(false, CutMode.Blackhole)]
    [InlineData(true, CutMode.Reset)]
    public async Task A_primary_cut_off_from_the_database_stops_serving_by_its_lease_deadline(bool fencing, CutMode cut)
    {
        using var temp = new TempDirectory();
        var cluster = PostgresCluster.Shared;
        var (database, store) = Replica.NewStore("partition");
        await using var proxy = TcpProxy.Start(cluster.Port);
        var throughProxy = store.Replace($":{cluster.Port}/", $":{proxy.Port}/", StringComparison.Ordinal);
        Assert.NotEqual(store, throughProxy);
        var (started, standbys) = await Replica.StartGroupAsync(cluster, database, throughProxy, store, IdsApp.WriteTo(temp.Sub("app")), fencing: fencing);
        await using var primary = started;
        await using var standby = standbys[0];
        var ledger = new IdLedger();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        for (var n = 0; n < 20; n++)
        {
            var status = await ledger.PostAsync(client, primary.PublicUrl, $"before-{n}");
            Assert.True(status == 200, $"before-{n} answered {status}: {ledger.Answers[^1].Body}\n" + Replica.Logs(primary));
        }
        var oldEpoch = await cluster.ScalarAsync<long>(database, "SELECT epoch FROM conifer.heads WHERE app = 'ids'");

        using var stop = new CancellationTokenSource();
        var writers = ledger.RunAsync(primary.PublicUrl, "load", clients: 2, stop.Token);
        var readers = ReadLoopAsync(ledger, primary.PublicUrl, stop.Token);
        await Task.Delay(300);
        var cutAt = ledger.NowMs;
        proxy.Cut(cut);
        var winner = await Replica.WaitForTakeoverAsync([standby], TimeSpan.FromSeconds(20));
        var takeoverAt = ledger.NowMs;
        var takeoverHead = await cluster.ScalarAsync<long>(database, "SELECT head_seq FROM conifer.heads WHERE app = 'ids'");
        var newEpoch = await cluster.ScalarAsync<long>(database, "SELECT epoch FROM conifer.heads WHERE app = 'ids'");
        // Cut off, it may exit at once or retry until the path heals (and then find the lease taken).
        var exit = await primary.TryWaitForExitAsync(TimeSpan.FromSeconds(fencing ? 3 : 1));
        proxy.Heal();
        // Bytes the blackhole held now arrive: a stale writer's batch would commit now, if anything let it.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        exit ??= await primary.TryWaitForExitAsync(TimeSpan.FromSeconds(fencing ? 30 : 0));
        await stop.CancelAsync();
        await Task.WhenAll(writers, readers).WaitAsync(TimeSpan.FromSeconds(30));

        var check = await SplitBrainCheck.RunAsync(ledger, primary.PublicUrl, takeoverAt, cluster, database, "ids", oldEpoch, takeoverHead);
        var lastServed = ledger.Answers.Where(a => a.Url == primary.PublicUrl && a.Status == 200).Select(a => a.AtMs).DefaultIfEmpty(0).Max();
        var report = $"fencing: {fencing}, cut: {cut}; cut at {cutAt} ms, standby ready at {takeoverAt} ms, old primary's last 200 at {lastServed} ms ({lastServed - cutAt} ms after the cut, TTL {Replica.Ttl.TotalMilliseconds} ms); " +
            $"epochs {oldEpoch} -> {newEpoch}, takeover at head {takeoverHead}; old primary exit: {exit?.ToString() ?? "still running"}; {check}";
        output.WriteLine(report);
        Console.WriteLine("PartitionedPrimaryTests: " + report);

        Assert.True(winner == standby, "the standby did not take over:\n" + Replica.Logs(primary, standby));
        if (!fencing)
        {
            Assert.True(check.Detected, "without fencing the check must see the split brain: " + report + "\n" + Replica.Logs(primary, standby));
            return;
        }
        Assert.False(check.Detected, report + "\n" + Replica.Logs(primary, standby));
        Assert.True(exit is { } code && code != 0, "the cut-off primary must exit non-zero: " + report + "\n" + Replica.Logs(primary));
        // Its own clock ends its lease before the database's does; 300 ms for the answer to travel and the client to note it.
        Assert.True(lastServed <= cutAt + Replica.Ttl.TotalMilliseconds + 300, "served past its lease deadline: " + report);
        for (var n = 0; n < 10; n++)
        {
            Assert.Equal(200, await ledger.PostAsync(client, standby.PublicUrl, $"after-{n}"));
        }
        var set = ledger.Check(await Replica.ReadIdsAsync(standby));
        output.WriteLine(set.ToString());
        set.AssertClean();
        var audit = await LogAudit.ReadAsync(cluster, database, "ids");
        Assert.True(audit.Contiguous && audit.EpochRegressions == 0, audit.ToString());
        var verify = await LogAudit.VerifyAsync(store);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    private static async Task ReadLoopAsync(IdLedger ledger, string url, CancellationToken stop)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        for (var n = 0; !stop.IsCancellationRequested && n < 2_000; n++)
        {
            if (await ZombiePrimaryTests.ReadAsync(ledger, client, url, $"read-{n}") == 0 && !stop.IsCancellationRequested)
            {
                await Task.Delay(50, CancellationToken.None);
            }
            await Task.Delay(50, CancellationToken.None);
        }
    }
}

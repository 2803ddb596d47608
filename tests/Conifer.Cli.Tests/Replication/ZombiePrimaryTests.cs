using System.Net;
using Conifer.Cli.Tests.Harness;
using Conifer.Tests.Shared.Postgres;
using Xunit.Abstractions;

namespace Conifer.Cli.Tests.Replication;

/// <summary>
/// A zombie primary: frozen with SIGSTOP past its lease, so a standby takes over, then thawed with SIGCONT. With fencing
/// its next append is refused, it serves nothing more and exits non-zero; without (the negative control) the same
/// check must see the split brain.
/// </summary>
[Collection(ReplicationFaultCollection.Name)]
public sealed class ZombiePrimaryTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_primary_frozen_past_its_lease_is_fenced_when_it_thaws(bool fencing)
    {
        using var temp = new TempDirectory();
        var cluster = PostgresCluster.Shared;
        var (database, store) = Replica.NewStore("zombie");
        var (started, standbys) = await Replica.StartGroupAsync(cluster, database, store, store, IdsApp.WriteTo(temp.Sub("app")), fencing: fencing);
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

        await primary.SignalAsync("STOP");
        var winner = await Replica.WaitForTakeoverAsync([standby], TimeSpan.FromSeconds(20));
        var takeoverAt = ledger.NowMs;
        var takeoverHead = await cluster.ScalarAsync<long>(database, "SELECT head_seq FROM conifer.heads WHERE app = 'ids'");
        var newEpoch = await cluster.ScalarAsync<long>(database, "SELECT epoch FROM conifer.heads WHERE app = 'ids'");
        // Sent while it is frozen: the kernel queues them, the thawed process answers them first. The read goes first,
        // so that no write of its own is queued before it: a read answered from memory at once is the stale read.
        var zombieRead = ReadAsync(ledger, client, primary.PublicUrl, "zombie-read");
        await Task.Delay(100);
        var zombieWrite = ledger.PostAsync(client, primary.PublicUrl, "zombie-write");
        await Task.Delay(100);
        await primary.SignalAsync("CONT");
        var zombieStatuses = await Task.WhenAll(zombieWrite, zombieRead).WaitAsync(TimeSpan.FromSeconds(40));
        var exit = await primary.TryWaitForExitAsync(TimeSpan.FromSeconds(fencing ? 30 : 3));
        var afterwards = await ReadAsync(ledger, client, primary.PublicUrl, "read-after-thaw");

        var check = await SplitBrainCheck.RunAsync(ledger, primary.PublicUrl, takeoverAt, cluster, database, "ids", oldEpoch, takeoverHead);
        var report = $"fencing: {fencing}; epochs {oldEpoch} -> {newEpoch}, takeover at head {takeoverHead}; zombie answered write {zombieStatuses[0]}, read {zombieStatuses[1]}, read after thaw {afterwards}; old primary exit: {exit?.ToString() ?? "still running"}; {check}";
        output.WriteLine(report);
        Console.WriteLine("ZombiePrimaryTests: " + report);

        Assert.True(winner == standby, "the standby did not take over:\n" + Replica.Logs(primary, standby));
        if (!fencing)
        {
            Assert.True(check.Detected, "without fencing the check must see the split brain: " + report + "\n" + Replica.Logs(primary, standby));
            return;
        }
        Assert.False(check.Detected, report + "\n" + Replica.Logs(primary, standby));
        Assert.True(exit is { } code && code != 0, "the thawed primary must exit non-zero: " + report + "\n" + Replica.Logs(primary));
        Assert.True(afterwards is 0 or 503, report);
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

    /// <summary>A GET of the ids, kept in the ledger as an answer; the status (0: no answer).</summary>
    internal static async Task<int> ReadAsync(IdLedger ledger, HttpClient client, string url, string label)
    {
        try
        {
            using var response = await client.GetAsync(url + "/");
            ledger.Record(url, label, (int)response.StatusCode, await response.Content.ReadAsStringAsync());
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            ledger.Record(url, label, 0, "");
            return 0;
        }
    }
}

using Conifer.Cli.Tests.Harness;
using Conifer.Tests.Shared.Postgres;
using Xunit.Abstractions;

namespace Conifer.Cli.Tests.Replication;

/// <summary>
/// SIGKILL of the primary at random moments under load, over and over: each time the standby takes over and the killed
/// process comes back as the next standby. Afterwards, the Jepsen set check (no acknowledged id lost, none applied
/// twice) and the log itself: sequence 1..N without a gap, epochs only rising, every checksum and chain link valid.
/// </summary>
[Collection(ReplicationFaultCollection.Name)]
public sealed class KillPrimaryLoopTests(ITestOutputHelper output)
{
    private const int Kills = 20;
    private static readonly TimeSpan s_budget = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Twenty_SIGKILLs_of_the_primary_lose_no_acknowledged_id_and_leave_a_contiguous_valid_log()
    {
        using var temp = new TempDirectory();
        var cluster = PostgresCluster.Shared;
        var (database, store) = Replica.NewStore("killloop");
        var ledger = new IdLedger();
        var random = new Random(20261202);
        var started = DateTime.UtcNow;
        var primary = await Replica.StartPrimaryAsync(store, IdsApp.WriteTo(temp.Sub("app")));
        var standbyStarting = Replica.StartStandbyAsync(store);
        ServerProcess? standby = null;
        var takeovers = new List<long>();
        try
        {
            for (var kill = 0; kill < Kills; kill++)
            {
                Assert.True(DateTime.UtcNow - started < s_budget, $"over the time budget after {kill} kills");
                using var stop = new CancellationTokenSource();
                var load = ledger.RunAsync(primary.PublicUrl, $"k{kill}", clients: 4, stop.Token);
                // The next standby starts while the primary is under load.
                standby = await standbyStarting;
                await Task.Delay(random.Next(100, 700));
                await primary.KillAsync();
                var killedAt = ledger.NowMs;
                await stop.CancelAsync();
                await load.WaitAsync(TimeSpan.FromSeconds(30));
                var next = await Replica.WaitForTakeoverAsync([standby], TimeSpan.FromSeconds(20));
                Assert.True(next == standby, $"kill {kill}: the standby did not take over:\n" + Replica.Logs(primary, standby));
                takeovers.Add(ledger.NowMs - killedAt);
                await primary.DisposeAsync();
                primary = standby;
                standby = null;
                standbyStarting = Replica.StartStandbyAsync(store);
            }

            var check = ledger.Check(await Replica.ReadIdsAsync(primary));
            var audit = await LogAudit.ReadAsync(cluster, database, "ids");
            var verify = await LogAudit.VerifyAsync(store);
            var counts = $"kills: {Kills}, takeover ms after kill: min {takeovers.Min()}, max {takeovers.Max()}, mean {takeovers.Average():0}; {check}; log: {audit}; store verify exit {verify.ExitCode}; {(DateTime.UtcNow - started).TotalSeconds:0} s";
            output.WriteLine(counts);
            Console.WriteLine("KillPrimaryLoopTests: " + counts);

            Assert.True(check.Acknowledged > Kills * 10, $"too few acknowledged writes to mean anything: {counts}");
            check.AssertClean();
            Assert.True(audit.Contiguous, counts);
            Assert.True(audit.EpochRegressions == 0, counts);
            Assert.True(verify.ExitCode == 0, verify.ToString());
        }
        finally
        {
            await primary.DisposeAsync();
            if (standby is not null)
            {
                await standby.DisposeAsync();
            }
            else
            {
                try
                {
                    await (await standbyStarting).DisposeAsync();
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException)
                {
                    // It never started (and was stopped by StartAsync itself).
                }
            }
        }
    }
}

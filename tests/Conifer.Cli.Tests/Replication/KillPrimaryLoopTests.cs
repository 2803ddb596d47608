using Conifer.Cli.Tests.Harness;
using Conifer.Tests.Shared.Postgres;
using Xunit.Abstractions;

namespace Conifer.Cli.Tests.Replication;

/// <summary>
/// SIGKILL of the primary at random moments under load, over and over: each time a standby takes over and the killed
/// process comes back as a standby. Afterwards, the Jepsen set check (no acknowledged id lost, none applied twice)
/// and the log itself: sequence 1..N without a gap, epochs only rising, every checksum and chain link valid.
/// </summary>
/// <remarks>
/// Two standbys follow the primary: the killed process restarts at once, while the other standby takes over, so a
/// round costs one lease period rather than a lease period plus a start. Whichever standby wins is the next primary.
/// </remarks>
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
        var (primary, first) = await Replica.StartGroupAsync(cluster, database, store, store, IdsApp.WriteTo(temp.Sub("app")));
        // Standbys started or starting; a start that failed surfaces when awaited.
        List<Task<ServerProcess>> standbys = [Task.FromResult(first[0]), Replica.StartStandbyAsync(store)];
        var takeovers = new List<long>();
        try
        {
            for (var kill = 0; kill < Kills; kill++)
            {
                Assert.True(DateTime.UtcNow - started < s_budget, $"over the time budget after {kill} kills");
                using var stop = new CancellationTokenSource();
                var load = ledger.RunAsync(primary.PublicUrl, $"k{kill}", clients: 4, stop.Token);
                // At least one warm standby before the kill.
                await Task.WhenAny(standbys);
                await Task.Delay(random.Next(100, 700));
                await primary.KillAsync();
                var killedAt = ledger.NowMs;
                standbys.Add(Replica.StartStandbyAsync(store));
                await stop.CancelAsync();
                await load.WaitAsync(TimeSpan.FromSeconds(30));
                var next = await WaitForTakeoverAsync(standbys, TimeSpan.FromSeconds(20));
                Assert.True(next is not null, $"kill {kill}: no standby took over:\n" + Replica.Logs([primary, .. Started(standbys)]));
                takeovers.Add(ledger.NowMs - killedAt);
                await primary.DisposeAsync();
                standbys.RemoveAll(t => t.IsCompletedSuccessfully && ReferenceEquals(t.Result, next));
                primary = next!;
            }

            var check = ledger.Check(await Replica.ReadIdsAsync(primary));
            var audit = await LogAudit.ReadAsync(cluster, database, "ids");
            var verify = await LogAudit.VerifyAsync(store);
            var perRound = string.Join(" ", Enumerable.Range(0, Kills).Select(k => ledger.Answers.Where(a => a.Id.StartsWith($"k{k}-", StringComparison.Ordinal)).GroupBy(a => a.Status).OrderBy(g => g.Key).Aggregate($"k{k}[", (text, g) => text + $"{g.Key}:{g.Count()},").TrimEnd(',') + "]"));
            output.WriteLine("answers per kill round (status:count): " + perRound);
            var counts = $"kills: {Kills}, takeover ms after kill: min {takeovers.Min()}, max {takeovers.Max()}, mean {takeovers.Average():0}; {check}; log: {audit}; store verify exit {verify.ExitCode}; {(DateTime.UtcNow - started).TotalSeconds:0} s";
            output.WriteLine(counts);
            Console.WriteLine("KillPrimaryLoopTests: " + counts);

            Assert.True(check.Acknowledged > Kills * 10, $"too few acknowledged writes to mean anything: {counts}");
            check.AssertClean();
            Assert.True(audit.Contiguous, counts);
            Assert.True(audit.EpochRegressions == 0, counts);
            Assert.Equal(Kills + 1, audit.HeadEpoch);
            Assert.True(verify.ExitCode == 0, verify.ToString());
        }
        finally
        {
            await primary.DisposeAsync();
            foreach (var standby in standbys)
            {
                try
                {
                    await (await standby).DisposeAsync();
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException)
                {
                    // It never started (and StartAsync stopped it).
                }
            }
        }
    }

    private static IEnumerable<ServerProcess> Started(IEnumerable<Task<ServerProcess>> standbys) =>
        standbys.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result);

    /// <summary>Like <see cref="Replica.WaitForTakeoverAsync"/>, over standbys that may still be starting (one of them may win).</summary>
    private static async Task<ServerProcess?> WaitForTakeoverAsync(List<Task<ServerProcess>> standbys, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (await Replica.WaitForTakeoverAsync([.. Started(standbys)], TimeSpan.Zero) is { } winner)
            {
                return winner;
            }
            await Task.Delay(50);
        }
        return null;
    }
}

using Conifer.Cli.Tests.Harness;
using Conifer.Tests.Shared.Postgres;
using Xunit.Abstractions;

namespace Conifer.Cli.Tests.Replication;

/// <summary>Two standbys race for a dead primary's lease: exactly one wins; the other stays a standby and names the winner.</summary>
[Collection(ReplicationFaultCollection.Name)]
public sealed class StandbyRaceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_standbys_racing_for_a_killed_primary_make_exactly_one_primary()
    {
        using var temp = new TempDirectory();
        var cluster = PostgresCluster.Shared;
        var (database, store) = Replica.NewStore("race");
        var (started, standbys) = await Replica.StartGroupAsync(cluster, database, store, store, IdsApp.WriteTo(temp.Sub("app")), standbys: 2);
        await using var primary = started;
        await using var first = standbys[0];
        await using var second = standbys[1];
        var ledger = new IdLedger();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        for (var n = 0; n < 20; n++)
        {
            var status = await ledger.PostAsync(client, primary.PublicUrl, $"before-{n}");
            Assert.True(status == 200, $"before-{n} answered {status}: {ledger.Answers[^1].Body}\n" + Replica.Logs(primary));
        }
        var oldEpoch = await cluster.ScalarAsync<long>(database, "SELECT epoch FROM conifer.heads WHERE app = 'ids'");

        await primary.KillAsync();
        var winner = await Replica.WaitForTakeoverAsync([first, second], TimeSpan.FromSeconds(20));
        Assert.True(winner is not null, "no standby took over:\n" + Replica.Logs(first, second));
        var loser = winner == first ? second : first;
        // Two more lease periods: a second winner would have shown by then.
        var bothReady = 0;
        string? named = null;
        int loserStatus = 0;
        var until = DateTime.UtcNow + 2 * Replica.Ttl;
        while (DateTime.UtcNow < until || named is null)
        {
            if (await Replica.IsReadyAsync(loser))
            {
                bothReady++;
            }
            using var response = await client.GetAsync(loser.PublicUrl + "/");
            loserStatus = (int)response.StatusCode;
            named = response.Headers.TryGetValues("Conifer-Primary", out var values) ? values.FirstOrDefault() : null;
            if (DateTime.UtcNow > until + TimeSpan.FromSeconds(10))
            {
                break;
            }
            await Task.Delay(100);
        }
        var newEpoch = await cluster.ScalarAsync<long>(database, "SELECT epoch FROM conifer.heads WHERE app = 'ids'");
        var report = $"winner {winner!.PublicUrl}, loser {loser.PublicUrl} answers {loserStatus} naming {named ?? "nobody"}; loser ready {bothReady} times; epochs {oldEpoch} -> {newEpoch}";
        output.WriteLine(report);
        Console.WriteLine("StandbyRaceTests: " + report);

        Assert.True(bothReady == 0, "both standbys became ready: " + report + "\n" + Replica.Logs(first, second));
        Assert.False(loser.HasExited, report + "\n" + Replica.Logs(loser));
        Assert.Equal(503, loserStatus);
        Assert.Equal(winner.PublicUrl, named?.TrimEnd('/'));
        Assert.Equal(oldEpoch + 1, newEpoch);
        for (var n = 0; n < 10; n++)
        {
            Assert.Equal(200, await ledger.PostAsync(client, winner.PublicUrl, $"after-{n}"));
        }
        var set = ledger.Check(await Replica.ReadIdsAsync(winner));
        output.WriteLine(set.ToString());
        set.AssertClean();
    }
}

using System.Net;
using Conifer.Cli.Tests.Harness;
using Conifer.Tests.Shared.Postgres;
using Xunit.Abstractions;

namespace Conifer.Cli.Tests.Replication;

/// <summary>
/// The writer's connection ended by the database (<c>pg_terminate_backend</c>) while batches are in flight: the COMMIT's
/// outcome is unknown to the server, so that batch must not be acknowledged; the server reopens the store and serves on.
/// </summary>
[Collection(ReplicationFaultCollection.Name)]
public sealed class AmbiguousCommitTests(ITestOutputHelper output)
{
    private const int Terminations = 5;

    [Fact]
    public async Task Terminated_writer_connections_lose_no_acknowledged_id_and_apply_none_twice()
    {
        using var temp = new TempDirectory();
        var cluster = PostgresCluster.Shared;
        var (database, store) = Replica.NewStore("ambiguous");
        await using var primary = await Replica.StartPrimaryAsync(store, IdsApp.WriteTo(temp.Sub("app")));
        var ledger = new IdLedger();
        var random = new Random(20261202);
        var terminated = 0;

        using (var stop = new CancellationTokenSource())
        {
            var load = ledger.RunAsync(primary.PublicUrl, "load", clients: 4, stop.Token);
            for (var round = 0; round < Terminations; round++)
            {
                await Task.Delay(random.Next(300, 800));
                terminated += await cluster.TerminateBackendsAsync(database, "conifer writer ids");
            }
            await Task.Delay(500);
            await stop.CancelAsync();
            await load.WaitAsync(TimeSpan.FromSeconds(30));
        }

        // Serves on: the reopened store takes new writes.
        Assert.NotNull(await Replica.WaitForTakeoverAsync([primary], TimeSpan.FromSeconds(20)));
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        for (var n = 0; n < 10; n++)
        {
            Assert.Equal((int)HttpStatusCode.OK, await ledger.PostAsync(client, primary.PublicUrl, $"after-{n}"));
        }

        var check = ledger.Check(await Replica.ReadIdsAsync(primary));
        var audit = await LogAudit.ReadAsync(cluster, database, "ids");
        var verify = await LogAudit.VerifyAsync(store);
        var reopens = primary.Log.Split('\n').Count(l => l.Contains("reopening", StringComparison.Ordinal));
        var refused = ledger.Answers.Count(a => a.Status == (int)HttpStatusCode.ServiceUnavailable);
        var counts = $"terminated backends: {terminated}, reopens: {reopens}, answered 503: {refused}, {check}; log: {audit}";
        output.WriteLine(counts);
        Console.WriteLine("AmbiguousCommitTests: " + counts);

        Assert.False(primary.HasExited, Replica.Logs(primary));
        Assert.True(terminated >= Terminations, counts);
        Assert.True(check.Acknowledged > 50, counts);
        check.AssertClean();
        Assert.True(audit.Contiguous, counts);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }
}

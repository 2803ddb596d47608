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

        // Serves on: the reopened store takes new writes. A connection ended while idle is found out only by the next
        // append, which is then refused (503, outcome unknown) and reopens the store; so ten acknowledged in a row,
        // within 40 attempts.
        Assert.NotNull(await Replica.WaitForTakeoverAsync([primary], TimeSpan.FromSeconds(20)));
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var inRow = 0;
        var afterStatuses = new List<int>();
        for (var n = 0; n < 40 && inRow < 10; n++)
        {
            var status = await ledger.PostAsync(client, primary.PublicUrl, $"after-{n}");
            afterStatuses.Add(status);
            inRow = status == (int)HttpStatusCode.OK ? inRow + 1 : 0;
            if (status != (int)HttpStatusCode.OK)
            {
                await Task.Delay(200);
            }
        }
        Assert.True(inRow == 10, $"no ten writes in a row acknowledged after the terminations: {string.Join(" ", afterStatuses)}\n" + Replica.Logs(primary));

        var check = ledger.Check(await Replica.ReadIdsAsync(primary));
        var audit = await LogAudit.ReadAsync(cluster, database, "ids");
        var verify = await LogAudit.VerifyAsync(store);
        var reopens = primary.Log.Split('\n').Count(l => l.Contains("reopening", StringComparison.Ordinal));
        var refused = ledger.Answers.Count(a => a.Status == (int)HttpStatusCode.ServiceUnavailable);
        var counts = $"terminated backends: {terminated}, reopens: {reopens}, answered 503: {refused}, answers after the faults: {string.Join(" ", afterStatuses)}, {check}; log: {audit}";
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

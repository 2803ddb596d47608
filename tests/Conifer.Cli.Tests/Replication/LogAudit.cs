using Conifer.Cli.Tests.Harness;
using Conifer.Tests.Shared.Postgres;

namespace Conifer.Cli.Tests.Replication;

/// <summary>
/// What <c>conifer.records</c> and <c>conifer.heads</c> hold for one app, read with plain SQL behind the product's
/// back: whether the sequence is contiguous (first_seq..head_seq, no gap, nothing past the head) and whether epochs
/// never go backwards along it (one writer at a time).
/// </summary>
internal sealed record LogAudit(long FirstSeq, long HeadSeq, long HeadEpoch, long Count, long MinSeq, long MaxSeq, long EpochRegressions, string EpochRuns)
{
    public bool Contiguous => Count == HeadSeq - FirstSeq + 1 && (Count == 0 || (MinSeq == FirstSeq && MaxSeq == HeadSeq));

    public static async Task<LogAudit> ReadAsync(PostgresCluster cluster, string database, string app)
    {
        var where = $"app = '{app}'";
        var first = await cluster.ScalarAsync<long>(database, $"SELECT first_seq FROM conifer.heads WHERE {where}");
        var head = await cluster.ScalarAsync<long>(database, $"SELECT head_seq FROM conifer.heads WHERE {where}");
        var epoch = await cluster.ScalarAsync<long>(database, $"SELECT epoch FROM conifer.heads WHERE {where}");
        var count = await cluster.ScalarAsync<long>(database, $"SELECT count(*) FROM conifer.records WHERE {where}");
        var min = await cluster.ScalarAsync<long>(database, $"SELECT coalesce(min(seq), 0) FROM conifer.records WHERE {where}");
        var max = await cluster.ScalarAsync<long>(database, $"SELECT coalesce(max(seq), 0) FROM conifer.records WHERE {where}");
        var regressions = await cluster.ScalarAsync<long>(
            database,
            $"SELECT count(*) FROM (SELECT epoch, lag(epoch) OVER (ORDER BY seq) AS before FROM conifer.records WHERE {where}) t WHERE epoch < before");
        // "epoch:first-last" for each run of one epoch along the log, for the report.
        var runs = await cluster.ScalarAsync<string>(
            database,
            $"""
            SELECT coalesce(string_agg(epoch || ':' || lo || '-' || hi, ' ' ORDER BY lo), '')
            FROM (SELECT epoch, min(seq) AS lo, max(seq) AS hi FROM
                    (SELECT seq, epoch, seq - row_number() OVER (PARTITION BY epoch ORDER BY seq) AS grp FROM conifer.records WHERE {where}) g
                  GROUP BY epoch, grp) r
            """);
        return new LogAudit(first, head, epoch, count, min, max, regressions, runs);
    }

    /// <summary>Records of <paramref name="epoch"/> after sequence <paramref name="after"/>: a stale writer's writes past a takeover.</summary>
    public static Task<long> CountOfEpochAfterAsync(PostgresCluster cluster, string database, string app, long epoch, long after) =>
        cluster.ScalarAsync<long>(database, $"SELECT count(*) FROM conifer.records WHERE app = '{app}' AND epoch = {epoch} AND seq > {after}");

    /// <summary><c>conifer store verify</c> on the store: every checksum and chain link.</summary>
    public static Task<CliResult> VerifyAsync(string storeUri) => ConiferCli.RunAsync("store", "verify", storeUri);

    public override string ToString() =>
        $"records {Count} (seq {MinSeq}..{MaxSeq}), head {HeadSeq} at epoch {HeadEpoch}, first {FirstSeq}, contiguous: {Contiguous}, epoch regressions: {EpochRegressions}, epoch runs: {EpochRuns}";
}

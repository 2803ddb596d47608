using Conifer.Tests.Shared.Postgres;

namespace Conifer.Cli.Tests.Replication;

/// <summary>
/// The evidence of a split brain after a standby took over from a primary that did not die: the old primary answered
/// 200 after the takeover (a write it committed behind the new primary's back, or a read of a state that is no
/// longer the truth), or a record of the old epoch sits past the head the new primary took over at, or the epochs go
/// backwards along the log. The same check runs with fencing on (there must be none) and off (it must find some).
/// </summary>
internal sealed record SplitBrainCheck(IReadOnlyList<IdLedger.Answer> StaleAnswers, long StaleRecords, LogAudit Log)
{
    public bool Detected => StaleAnswers.Count > 0 || StaleRecords > 0 || Log.EpochRegressions > 0;

    /// <param name="oldPrimaryUrl">The old primary's public URL.</param>
    /// <param name="takeoverAtMs">When (ledger clock) the standby was seen ready.</param>
    /// <param name="oldEpoch">The old primary's epoch.</param>
    /// <param name="takeoverHead">The head the standby took over at.</param>
    public static async Task<SplitBrainCheck> RunAsync(
        IdLedger ledger, string oldPrimaryUrl, long takeoverAtMs, PostgresCluster cluster, string database, string app, long oldEpoch, long takeoverHead)
    {
        var stale = ledger.Answers.Where(a => a.Url == oldPrimaryUrl && a.Status == 200 && a.AtMs > takeoverAtMs).ToList();
        var records = await LogAudit.CountOfEpochAfterAsync(cluster, database, app, oldEpoch, takeoverHead);
        return new SplitBrainCheck(stale, records, await LogAudit.ReadAsync(cluster, database, app));
    }

    public override string ToString() =>
        $"split brain detected: {Detected}; old primary answered 200 after the takeover: {StaleAnswers.Count}" +
        (StaleAnswers.Count > 0 ? $" (e.g. {string.Join(", ", StaleAnswers.Take(3).Select(a => $"{a.Id} at {a.AtMs} ms"))})" : "") +
        $"; old-epoch records past the takeover head: {StaleRecords}; log: {Log}";
}

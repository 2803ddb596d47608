namespace Conifer.Runtime.Revert;

/// <summary>
/// What reverting to an earlier deploy means: the deploy record returned to, the version and state it
/// produced, and what the log holds after it, which the revert discards (the records stay in the log
/// as history; the running state no longer includes them).
/// </summary>
/// <param name="ToSequence">The store sequence of the deploy record returned to (the <c>record</c> column of <c>conifer history</c>).</param>
/// <param name="ToReportId">That deploy's report id.</param>
/// <param name="VersionId">The app version that deploy put in place and the revert runs again.</param>
/// <param name="DeployedAt">When that deploy committed.</param>
/// <param name="DiscardedEvents">App events (HTTP requests, timers, outgoing responses) logged after it.</param>
/// <param name="DiscardedAdminChanges">Set-state records, committed admin functions and scripts logged after it.</param>
/// <param name="DiscardedDeploys">Deploys (and reverts) committed after it.</param>
/// <param name="ThroughSequence">The last record counted; a revert counts again up to the moment it commits.</param>
public sealed record RevertPlan(
    long ToSequence,
    string ToReportId,
    string VersionId,
    DateTimeOffset DeployedAt,
    long DiscardedEvents,
    long DiscardedAdminChanges,
    long DiscardedDeploys,
    long ThroughSequence);

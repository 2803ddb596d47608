using System.Collections.Immutable;

namespace Conifer.Runtime.Log;

/// <summary>
/// The payload of a deploy-and-migrate or deploy-and-init log record. It names the state the deploy
/// produced (a content-addressed blob), so a restart loads that state instead of running the
/// migration again.
/// </summary>
/// <param name="VersionId">The deployed app version (hash over its source files).</param>
/// <param name="SourceBlob">The blob holding the version's source files.</param>
/// <param name="StateBlob">The blob holding the state the deploy produced (a value document).</param>
/// <param name="Mode"><c>migrate</c>, <c>init</c> or <c>revert</c>.</param>
/// <param name="ReportId">The deploy report kept in the store's <c>reports/</c> folder.</param>
/// <param name="PosixTimeMilli">When the deploy committed.</param>
/// <param name="Timers">The timers pending after the deploy: with the state blob, a deploy record is a
/// complete checkpoint, so replay never needs the records before it.</param>
public sealed record DeployRecord(string VersionId, string SourceBlob, string StateBlob, string Mode, string ReportId, long PosixTimeMilli, ImmutableSortedDictionary<string, long> Timers);

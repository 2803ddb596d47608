using System.Collections.Immutable;
using System.Diagnostics;
using Conifer.Runtime.Log;
using Conifer.Runtime.Reports;
using Conifer.Runtime.Versions;

namespace Conifer.Runtime.Revert;

/// <summary>
/// A revert after the work done before the writer pauses: the deploy record found, its version loaded
/// (from the compiled cache or recompiled) and its state read back, so the pause only counts the newest
/// records, appends one deploy record and swaps.
/// </summary>
internal sealed record PreparedRevert(
    string ReportId,
    DateTimeOffset BeganAt,
    long StartTimestamp,
    DeployRecord Target,
    AppVersion Version,
    object State,
    RevertPlan Plan,
    ImmutableArray<DeployStep> Steps)
{
    public double ElapsedMilli => Stopwatch.GetElapsedTime(StartTimestamp).TotalMilliseconds;
}

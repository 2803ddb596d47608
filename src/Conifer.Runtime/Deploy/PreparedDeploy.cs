using System.Collections.Immutable;
using System.Diagnostics;
using Conifer.Runtime.Reports;
using Conifer.Runtime.Versions;

namespace Conifer.Runtime.Deploy;

/// <summary>
/// A deploy after steps 1–2 (compile and rules), which run before the writer is paused: the loaded
/// version and the encoded source blob, ready for the short transaction under the writer.
/// </summary>
internal sealed record PreparedDeploy(
    string ReportId,
    DateTimeOffset BeganAt,
    long StartTimestamp,
    DeployMode Mode,
    bool DryRun,
    AppVersion Version,
    byte[] SourceBlobBytes,
    ImmutableArray<DeployStep> Steps,
    ProvenResult? Proven)
{
    public double ElapsedMilli => Stopwatch.GetElapsedTime(StartTimestamp).TotalMilliseconds;
}

using System.Collections.Immutable;
using System.Diagnostics;
using Conifer.Compiler;
using Conifer.Runtime.Reports;
using Conifer.Runtime.Versions;

namespace Conifer.Runtime.Deploy;

/// <summary>
/// A deploy after steps 1–2 (compile and rules), which run before the writer is paused: the loaded
/// version and the encoded source blob, ready for the short transaction under the writer.
/// <see cref="Chain"/> is the migration steps planned from the running version (<see cref="Rehearsal.MigrationChain"/>);
/// <see cref="Warnings"/> are those of the proving run, whose result the transaction may take as it is;
/// only a deploy changes the running version, and deploys take turns, so the plan still holds under the writer.
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
    ProvenResult? Proven,
    ImmutableArray<LoadedMigration> Chain,
    ImmutableArray<string> Warnings)
{
    public double ElapsedMilli => Stopwatch.GetElapsedTime(StartTimestamp).TotalMilliseconds;
}

using Conifer.Runtime.Reports;

namespace Conifer.Cli;

/// <summary>Prints a deploy report: a readable summary on the terminal, or the JSON report with <c>--json</c>.</summary>
internal static class ReportPrinter
{
    public static void Print(DeployReport report, bool json)
    {
        if (json)
        {
            Console.WriteLine(ReportJson.Write(report));
            return;
        }
        var headline = report.Outcome switch
        {
            DeployOutcome.Committed when report.Revert is { } revert =>
                $"Reverted to deploy record {revert.ToSequence} (version {Short(revert.VersionId)}) as deploy record {report.Sequence}; " +
                $"{revert.DiscardedEvents} event(s), {revert.DiscardedAdminChanges} admin change(s) and {revert.DiscardedDeploys} deploy(s) discarded; " +
                $"the public app paused {report.PauseMilli:0.0} ms.",
            DeployOutcome.Committed => $"Deployed version {Short(report.NewVersionId)} ({report.Mode}); the public app paused {report.PauseMilli:0.0} ms.",
            DeployOutcome.DryRunPassed => $"Dry run passed for version {Short(report.NewVersionId)} ({report.Mode}); nothing was committed.",
            DeployOutcome.Rejected => $"Deploy rejected: {report.Error}",
            DeployOutcome.Unchanged => $"Already running version {Short(report.NewVersionId)}: nothing was deployed, no record was written and no Migrate ran.",
            _ => throw new InvalidOperationException($"{nameof(ReportPrinter)}.{nameof(Print)}: unhandled outcome {report.Outcome}."),
        };
        var output = report.Outcome == DeployOutcome.Rejected ? Console.Error : Console.Out;
        output.WriteLine(headline);
        foreach (var step in report.Steps)
        {
            output.WriteLine($"  {(step.Ok ? "ok  " : "FAIL")} {step.Name,-20} {step.DurationMilli,9:0.0} ms  {step.Detail}");
        }
        foreach (var line in report.Diagnostics.Concat(report.Mismatches))
        {
            output.WriteLine("  " + line);
        }
        PrintWarnings(report, output);
        if (report.MigrationException is { } exception)
        {
            output.WriteLine(exception);
        }
        output.WriteLine($"  report {report.Id}");
    }

    /// <summary>The report's warnings (stored fields the read ignored), one line each, after a line saying what they mean.</summary>
    public static void PrintWarnings(DeployReport report, TextWriter output)
    {
        if (report.Warnings.IsDefaultOrEmpty)
        {
            return;
        }
        output.WriteLine($"warning: {report.Warnings.Length} stored field(s) are not in the types the state was read as, so this deploy drops them:");
        foreach (var warning in report.Warnings)
        {
            output.WriteLine("  warning: " + warning);
        }
    }

    private static string Short(string? id) => id is null ? "(none)" : id[..Math.Min(12, id.Length)];
}
